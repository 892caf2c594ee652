//! Access-mask letters of SDDL and how Windows prints them.
