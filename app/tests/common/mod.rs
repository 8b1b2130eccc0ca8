//! What the app's kittest suites share: the whole app in a headless harness on a database.

use edge_atlas_app::app::EdgeAtlasApp;
use egui_kittest::Harness;

/// The app on the database at `db` (the demo is stored there on first start), 1360 x 1000.
pub fn harness(db: std::path::PathBuf) -> Harness<'static, EdgeAtlasApp> {
    Harness::builder()
        .with_size(egui::Vec2::new(1360.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut EdgeAtlasApp| app.show(ui),
            EdgeAtlasApp::open(db),
        )
}
