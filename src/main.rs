//! The web app's entry point: it only mounts the calculator. Everything it shows is
//! built in [`scwres::ui`]; everything it computes comes from the pure engine in [`scwres`].

#[cfg(all(target_arch = "wasm32", feature = "web"))]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(scwres::ui::App);
}

#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
fn main() {
    eprintln!(
        "sc-wres-calculator is the web app: build it with `trunk build --release` \
         (or run `make run`). For the command line, use `scwres report FILE`."
    );
    std::process::exit(2);
}
