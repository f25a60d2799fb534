fn main() {
    std::process::exit(quotasim::cli::main());
}
