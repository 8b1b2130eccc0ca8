//! What the app's kittest suites share: the whole app in a headless harness on a database.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use edge_atlas_app::app::EdgeAtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app on the database at `db` (the demo is stored there on first start), 1360 x 1000.
pub fn harness(db: std::path::PathBuf) -> Harness<'static, EdgeAtlasApp> {
    harness_of(EdgeAtlasApp::open(db))
}

/// An app already opened, in a headless harness of 1360 x 1000.
pub fn harness_of(app: EdgeAtlasApp) -> Harness<'static, EdgeAtlasApp> {
    Harness::builder()
        .with_size(egui::Vec2::new(1360.0, 1000.0))
        .build_ui_state(|ui, app: &mut EdgeAtlasApp| app.show(ui), app)
}

/// Runs frames until the app has nothing left to do: what `harness.run()` is for an app whose
/// work finishes on other threads (storage tasks, the search index), which wake it when done.
pub fn settle(harness: &mut Harness<'static, EdgeAtlasApp>) {
    let started = std::time::Instant::now();
    loop {
        while harness.state().busy() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(120),
                "the app's background work did not finish within two minutes"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
            harness.step();
        }
        // A frame may ask for more work (a view opened for the first time sends its command);
        // its spinner then keeps repainting until that work is done.
        let settled = harness.try_run().is_ok();
        if settled && !harness.state().busy() {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the app did not settle within two minutes"
        );
    }
}

/// Replaces the text of the first text field labelled `label` (scrolled into view first).
#[allow(dead_code)] // not every test file types
pub fn replace_text(harness: &mut Harness<'static, EdgeAtlasApp>, label: &str, text: &str) {
    harness
        .query_all_by_role_and_label(Role::TextInput, label)
        .next()
        .expect("the field")
        .scroll_to_me();
    settle(harness);
    harness
        .query_all_by_role_and_label(Role::TextInput, label)
        .next()
        .expect("the field")
        .click();
    settle(harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(harness);
    harness
        .query_all_by_role_and_label(Role::TextInput, label)
        .next()
        .expect("the field")
        .type_text(text);
    settle(harness);
}

/// A dropped file, as the window hands it over.
#[derive(Debug)]
pub struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` on the window and lets the app finish with it.
pub fn drop_file(harness: &mut Harness<'static, EdgeAtlasApp>, path: &Path) {
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_owned())));
    settle(harness);
}
