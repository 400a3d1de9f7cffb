//! Reading a command line (RFC 1939 §3). Written by the server side.
