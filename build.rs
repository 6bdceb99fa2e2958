//! Generates the `.pyasm` parser from `grammar/pyasm.lalrpop` into `OUT_DIR`.

fn main() {
    println!("cargo:rerun-if-changed=grammar/pyasm.lalrpop");
    if let Err(e) = lalrpop::Configuration::new()
        .set_in_dir("grammar")
        .emit_rerun_directives(true)
        .process()
    {
        eprintln!("lalrpop: {e}");
        std::process::exit(1);
    }
}
