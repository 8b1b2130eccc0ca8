//! The menu bar, the shortcuts, the command palette, the File menu's imports and exports and
//! files dropped on the window, driven headless with egui_kittest. The File menu's dialogs are
//! answered by a script standing in for the platform's.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use edge_atlas::snapshot_file::SnapshotFile;
use edge_atlas::store::Store;
use edge_atlas_app::app::EdgeAtlasApp;
use edge_atlas_app::file_dialogs::{FileDialogs, FileRequest};
use edge_atlas_app::panes::Pane;
use edge_atlas_app::ui_command::UiCommand;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;
use common::{drop_file, harness_of, settle};

/// The answers still to give, in order, and the requests asked so far.
type Answers = (VecDeque<Option<PathBuf>>, Vec<FileRequest>);

/// The dialogs' answers and requests, shared with the test.
#[derive(Clone, Default)]
struct Script(Arc<Mutex<Answers>>);

impl Script {
    fn answer(&self, path: Option<&Path>) {
        self.0
            .lock()
            .expect("script")
            .0
            .push_back(path.map(Path::to_owned));
    }

    fn asked(&self) -> Vec<FileRequest> {
        self.0.lock().expect("script").1.clone()
    }
}

impl FileDialogs for Script {
    fn choose(&mut self, request: &FileRequest) -> Result<Option<PathBuf>, String> {
        let mut state = self.0.lock().expect("script");
        state.1.push(request.clone());
        Ok(state.0.pop_front().flatten())
    }
}

/// The app on a new database at `db` with scripted dialogs, settled on its first frame.
fn app(db: PathBuf) -> (Harness<'static, EdgeAtlasApp>, Script) {
    let script = Script::default();
    let mut app = EdgeAtlasApp::open(db);
    app.set_file_dialogs(Box::new(script.clone()));
    let mut harness = harness_of(app);
    settle(&mut harness);
    (harness, script)
}

/// Presses `command`'s shortcut.
fn press(harness: &mut Harness<'static, EdgeAtlasApp>, command: UiCommand) {
    let shortcut = command.shortcut().expect("a shortcut");
    harness.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
    settle(harness);
}

/// What a menu item says: its text, then its shortcut as the platform writes it.
fn item_label(harness: &Harness<'static, EdgeAtlasApp>, command: UiCommand) -> String {
    match command.shortcut() {
        Some(shortcut) => format!(
            "{} {}",
            command.text(),
            harness.ctx.format_shortcut(&shortcut)
        ),
        None => command.text(),
    }
}

/// Opens `command`'s menu and clicks its item.
fn choose(harness: &mut Harness<'static, EdgeAtlasApp>, command: UiCommand) {
    harness.get_by_label(command.menu().title()).click();
    settle(harness);
    let label = item_label(harness, command);
    harness.get_by_label(&label).click();
    settle(harness);
}

fn last_command(harness: &Harness<'static, EdgeAtlasApp>) -> Option<UiCommand> {
    harness.state().commands_run().last().copied()
}

/// Selects the first search result for `query`.
fn select(harness: &mut Harness<'static, EdgeAtlasApp>, query: &str) {
    press(harness, UiCommand::Search);
    harness.get_by_role(Role::TextInput).type_text(query);
    settle(harness);
    harness.key_press(egui::Key::Enter);
    settle(harness);
}

fn snapshot_count(db: &Path) -> usize {
    Store::open_existing(db)
        .expect("store")
        .list_snapshots()
        .expect("list")
        .len()
}

#[test]
fn every_menu_item_runs_its_command_and_its_shortcut_runs_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, script) = app(dir.path().join("db.sqlite"));
    // Something selected and the graph in front, so that every File item can run.
    select(&mut harness, "chi-prod-outpost");
    assert!(harness.state().selected().is_some());
    assert_eq!(harness.state().current_pane(), Some(Pane::Graph));
    for command in UiCommand::all() {
        assert_eq!(
            harness.state().why_not(command),
            None,
            "{command:?} can run in the test's state"
        );
        let before = harness.state().commands_run().len();
        choose(&mut harness, command);
        assert_eq!(
            harness.state().commands_run().len(),
            before + 1,
            "the {} menu item ran one command",
            command.text()
        );
        assert_eq!(last_command(&harness), Some(command), "{}", command.text());
        if command == UiCommand::CommandPalette {
            assert!(
                harness.query_by_label("Run a command").is_some(),
                "the palette opened"
            );
            harness.key_press(egui::Key::Escape);
            settle(&mut harness);
        }
        if command.shortcut().is_some() {
            press(&mut harness, command);
            assert_eq!(
                harness.state().commands_run().len(),
                before + 2,
                "the shortcut of {} ran one command",
                command.text()
            );
            assert_eq!(
                last_command(&harness),
                Some(command),
                "shortcut of {}",
                command.text()
            );
            if command == UiCommand::CommandPalette {
                harness.key_press(egui::Key::Escape);
                settle(&mut harness);
            }
        }
    }
    // Each File command that needs a path asked a dialog (answered "cancel"), twice: once from
    // the menu, once from the shortcut when it has one.
    let titles: Vec<String> = script.asked().iter().map(|r| r.title.clone()).collect();
    for title in [
        "Open database",
        "Import snapshot",
        "Export snapshot",
        "Export the Graph view as svg",
        "Export the Graph view as png",
        "Export the Graph view as drawio",
        "Export selection and neighbours",
        "Export inventory as CSV",
    ] {
        assert!(
            titles.iter().any(|t| t == title),
            "{title} asked in {titles:?}"
        );
    }
    assert!(
        harness
            .query_by_label_contains("Copied Estate graph to the clipboard")
            .is_some()
            || harness
                .state()
                .notice()
                .is_some_and(|n| n.contains("Copied")),
        "{:?}",
        harness.state().notice()
    );
}

#[test]
fn the_menus_show_shortcuts_with_the_platforms_modifier_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, _) = app(dir.path().join("db.sqlite"));
    harness.get_by_label("File").click();
    settle(&mut harness);
    // On Linux and Windows the Ctrl key is written out (egui writes ⌘ on macOS).
    let ctrl_o = harness
        .ctx
        .format_shortcut(&UiCommand::OpenDatabase.shortcut().expect("bound"));
    if cfg!(target_os = "linux") {
        assert_eq!(ctrl_o, "Ctrl+O");
    }
    assert!(
        harness
            .query_by_label(&format!("Open database… {ctrl_o}"))
            .is_some(),
        "the File menu shows {ctrl_o}"
    );
    // Items that cannot run say why (the Overview has no picture).
    assert!(
        harness
            .state()
            .why_not(UiCommand::ExportViewSvg)
            .is_some_and(|why| why.contains("Overview view has no picture")),
    );
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    press(&mut harness, UiCommand::KeyboardShortcuts);
    assert!(harness.query_by_label("Keyboard shortcuts").is_some());
    assert!(
        harness
            .query_by_label_contains("Command palette…")
            .is_some()
    );
}

#[test]
fn the_palette_finds_and_runs_a_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, _) = app(dir.path().join("db.sqlite"));
    press(&mut harness, UiCommand::CommandPalette);
    harness.get_by_label("Run a command").type_text("about");
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(last_command(&harness), Some(UiCommand::About));
    assert!(
        harness.query_by_label("Run a command").is_none(),
        "the palette closed"
    );
    let version = format!("Edge Atlas {}", env!("CARGO_PKG_VERSION"));
    assert!(
        harness.query_by_label(&version).is_some(),
        "About shows {version}"
    );
    assert!(
        harness
            .query_by_label_contains("catalog/outposts-hardware.toml")
            .is_some(),
        "About names the hardware catalog"
    );
    assert!(harness.query_by_label_contains("Natural Earth").is_some());
}

#[test]
fn the_file_menu_exports_pictures_inventories_and_snapshots() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let (mut harness, script) = app(db.clone());
    // The rack network, as on screen, as SVG, PNG and draw.io.
    press(&mut harness, UiCommand::ShowPane(Pane::RackNetwork));
    let svg = dir.path().join("rack.svg");
    script.answer(Some(&svg));
    press(&mut harness, UiCommand::ExportViewSvg);
    let text = std::fs::read_to_string(&svg).expect("the SVG was written");
    let scene_ids: Vec<String> = harness
        .state()
        .rack_network_view()
        .drawn()
        .0
        .scene
        .items
        .iter()
        .filter_map(|item| item.entity.clone())
        .collect();
    assert!(!scene_ids.is_empty());
    for id in &scene_ids {
        assert!(
            text.contains(&format!("data-entity=\"{id}\"")),
            "{id} is in the SVG"
        );
    }
    let png = dir.path().join("rack.png");
    script.answer(Some(&png));
    press(&mut harness, UiCommand::ExportViewPng);
    let bytes = std::fs::read(&png).expect("the PNG was written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
    assert!(width > 400, "{width} px wide");
    let drawio = dir.path().join("rack.drawio");
    script.answer(Some(&drawio));
    choose(&mut harness, UiCommand::ExportViewDrawio);
    let text = std::fs::read_to_string(&drawio).expect("the draw.io file was written");
    assert!(text.contains("<mxGraphModel"), "an mxGraph file");
    assert!(!text.contains("html=1"), "labels are plain text");
    // The inventory of the Inventory view's kind (Outposts at first).
    let csv = dir.path().join("outposts.csv");
    script.answer(Some(&csv));
    choose(&mut harness, UiCommand::ExportInventoryCsv);
    let text = std::fs::read_to_string(&csv).expect("the CSV was written");
    assert_eq!(
        text.lines().count(),
        1 + 3,
        "a header and the three Outposts"
    );
    // A snapshot, exported and imported back as a new one, which is then shown.
    let file = dir.path().join("snapshot.json");
    script.answer(Some(&file));
    press(&mut harness, UiCommand::ExportSnapshot);
    assert!(file.exists(), "{:?}", harness.state().notice());
    script.answer(Some(&file));
    press(&mut harness, UiCommand::ImportSnapshot);
    assert_eq!(snapshot_count(&db), 2);
    let info = &harness.state().workspace().expect("loaded").info;
    assert_eq!((info.id, info.source.as_str()), (2, "import"));
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.starts_with(&format!("Imported {}", file.display()))),
        "{:?}",
        harness.state().notice()
    );
    // A failed export says why.
    press(&mut harness, UiCommand::ShowPane(Pane::Graph));
    let missing_dir = dir.path().join("no-such-dir").join("graph.svg");
    script.answer(Some(&missing_dir));
    press(&mut harness, UiCommand::ExportViewSvg);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("no-such-dir")),
        "{:?}",
        harness.state().notice()
    );
}

#[test]
fn the_graph_exports_as_filtered_on_screen_and_the_selections_neighbourhood() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, script) = app(dir.path().join("db.sqlite"));
    select(&mut harness, "chi-prod-outpost");
    assert!(harness.state().selected().is_some());
    let svg = dir.path().join("graph.svg");
    script.answer(Some(&svg));
    press(&mut harness, UiCommand::ExportViewSvg);
    let whole = std::fs::read_to_string(&svg).expect("written");
    let drawn = harness.state().graph().layout().visible_count();
    assert!(drawn > 100);
    let nodes = whole.matches("data-entity=").count();
    assert!(nodes >= drawn, "{nodes} entities in the SVG, {drawn} drawn");
    let near = dir.path().join("near.drawio");
    script.answer(Some(&near));
    choose(&mut harness, UiCommand::ExportNeighbourhood);
    let text = std::fs::read_to_string(&near).expect("written");
    let cells = text.matches("vertex=\"1\"").count();
    assert!(
        text.contains("value=\"chi-prod-outpost&#xA;Outpost\""),
        "the selection is in its neighbourhood"
    );
    assert!(
        cells > 3 && cells < drawn / 2,
        "{cells} nodes near the Outpost, of {drawn}"
    );
}

#[test]
fn a_dropped_snapshot_file_is_imported_and_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let (mut harness, _) = app(db.clone());
    let generated = edge_atlas::demo::generate(2, 7).expect("generate");
    let file = dir.path().join("other.json");
    SnapshotFile::new(generated.meta.clone(), None, generated.estate.clone())
        .write(&file)
        .expect("write");
    drop_file(&mut harness, &file);
    assert_eq!(snapshot_count(&db), 2);
    let info = &harness.state().workspace().expect("loaded").info;
    assert_eq!(info.source, "import");
    assert_eq!(info.entity_count as usize, generated.estate.entity_count());
    assert!(
        harness
            .query_by_label_contains(&format!(
                "source: import · account {} · {} entities",
                info.account_id.as_deref().unwrap_or("unknown"),
                info.entity_count
            ))
            .is_some(),
        "the status bar shows the imported snapshot"
    );
}

#[test]
fn a_dropped_corrupt_file_gives_the_clis_error_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let (mut harness, _) = app(db.clone());
    let file = dir.path().join("broken.json");
    std::fs::write(
        &file,
        br#"{"format": "edge-atlas-snapshot", "format_version": 1, "estate": ["#,
    )
    .expect("write");
    let before = harness.state().workspace().expect("loaded").info.clone();
    drop_file(&mut harness, &file);
    assert_eq!(snapshot_count(&db), 1, "nothing stored");
    assert_eq!(harness.state().workspace().expect("loaded").info, before);
    // The same words as `edge-atlas import-snapshot` after its "error: ".
    let mut store = Store::open(&db).expect("store");
    let cli_says = format!(
        "{:#}",
        anyhow::Error::from(
            edge_atlas::workspace::import_snapshot_file(&mut store, &file).expect_err("refused")
        )
    );
    let cli_says = cli_says.trim_end_matches('.');
    let notice = harness.state().notice().expect("a notice").to_owned();
    assert!(
        notice.contains(cli_says) && notice.contains("Nothing was changed"),
        "{notice}\nvs {cli_says}"
    );
    assert!(harness.query_by_label_contains(cli_says).is_some(), "shown");
    // A workload file dropped opens in the Planner instead.
    let workloads = dir.path().join("w.toml");
    std::fs::write(
        &workloads,
        "[[workload]]\nname = \"dropped-one\"\nusers = [\"Chicago\"]\nlatency_ms = 10\nclients = \"wired\"\n",
    )
    .expect("write");
    drop_file(&mut harness, &workloads);
    assert_eq!(harness.state().current_pane(), Some(Pane::Planner));
    assert!(harness.query_by_label_contains("dropped-one").is_some());
}

#[test]
fn open_database_switches_databases_and_refuses_what_is_not_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let (mut harness, script) = app(db.clone());
    let not_a_db = dir.path().join("notes.sqlite");
    std::fs::write(&not_a_db, "not a database").expect("write");
    script.answer(Some(&not_a_db));
    press(&mut harness, UiCommand::OpenDatabase);
    assert_eq!(
        harness.state().database(),
        db.as_path(),
        "still the first database"
    );
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("The database on screen stays open")),
        "{:?}",
        harness.state().notice()
    );
    assert_eq!(std::fs::read(&not_a_db).expect("read"), b"not a database");
    let other = dir.path().join("other.sqlite");
    {
        let mut store = Store::open(&other).expect("store");
        let generated = edge_atlas::demo::generate(2, 3).expect("generate");
        store
            .insert_snapshot(&generated.meta, &generated.estate)
            .expect("insert");
    }
    script.answer(Some(&other));
    choose(&mut harness, UiCommand::OpenDatabase);
    assert_eq!(harness.state().database(), other.as_path());
    let info = &harness.state().workspace().expect("loaded").info;
    assert_eq!(info.id, 1);
    assert!(
        harness
            .query_all_by_label_contains(&other.display().to_string())
            .next()
            .is_some()
    );
}

/// Presses `command`'s shortcut as one event and runs one frame, so that the frame's output
/// (what the window is asked to do) is the one that ran the command.
fn press_in_one_frame(harness: &mut Harness<'static, EdgeAtlasApp>, command: UiCommand) {
    let shortcut = command.shortcut().expect("a shortcut");
    harness.input_mut().events.push(egui::Event::Key {
        key: shortcut.logical_key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: shortcut.modifiers,
    });
    harness.step();
}

#[test]
fn quit_closes_the_window_and_copy_puts_the_view_on_the_clipboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, _) = app(dir.path().join("db.sqlite"));
    press(&mut harness, UiCommand::ShowPane(Pane::Racks));
    press_in_one_frame(&mut harness, UiCommand::CopyViewImage);
    let image = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|command| match command {
            egui::OutputCommand::CopyImage(image) => Some(image.clone()),
            _ => None,
        })
        .expect("an image was copied");
    let [width, height] = image.size;
    assert!(width > 200 && height > 200, "{width} x {height}");
    let first = image.pixels[0];
    assert!(
        image.pixels.iter().any(|p| *p != first),
        "the image is not blank"
    );
    settle(&mut harness);
    press_in_one_frame(&mut harness, UiCommand::Quit);
    let closes = harness
        .output()
        .viewport_output
        .values()
        .any(|viewport| viewport.commands.contains(&egui::ViewportCommand::Close));
    assert!(closes, "Quit asks the window to close");
}
