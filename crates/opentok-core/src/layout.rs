//! Composed layouts shared by archives and broadcasts: type, stylesheet, screenshare type.
