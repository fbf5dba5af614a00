use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = tandem::cli::Cli::parse();
    match tandem::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tandem: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
