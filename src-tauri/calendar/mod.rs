//! Working days, holidays, make-up days and working hours: the API's calendar where it has the
//! year, the built-in table of official notices otherwise.
