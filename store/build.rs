//! `sqlx::migrate!` embeds the migrations when `store` compiles, but cargo cannot know that a new
//! file in `migrations/` should recompile it: without this, a build after adding a migration runs
//! the old set against code that needs the new one.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
