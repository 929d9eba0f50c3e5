//! The entra-schema binary: parse the command line, run, print the error, exit with its code.

fn main() {
    std::process::exit(entra_schema::cli::main());
}
