//! The Connect window of the app, driven headless with egui_kittest: the plan of a Local Zone
//! instance shown before anything is sent, with the address and why, and the AZ parameter left
//! out as AWS requires.

use edge_atlas::model::ZoneType;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use crate::common;
use common::{harness, settle};

#[test]
fn the_connect_button_of_a_local_zone_instance_shows_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    let (id, public_ip, private_ip) = {
        let estate = &harness.state().workspace().expect("loaded").estate;
        let instance = estate
            .instances
            .iter()
            .find(|instance| {
                instance.public_ip_address.is_some()
                    && estate.zones.iter().any(|zone| {
                        zone.zone_name == instance.availability_zone
                            && zone.zone_type == ZoneType::LocalZone
                    })
            })
            .expect("a Local Zone instance with a public IP in the demo");
        (
            instance.instance_id.clone(),
            instance.public_ip_address.clone().expect("public"),
            instance.private_ip_address.clone().expect("private"),
        )
    };
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    settle(&mut harness);
    harness.get_by_role(Role::TextInput).type_text(&id);
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().selected(), Some(id.as_str()));
    harness.get_by_label("Connect…").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label(&format!("Connect to {id}"))
            .is_some()
    );
    assert!(
        harness
            .query_by_label(&format!(
                "{public_ip}: its public IP, reachable from the internet"
            ))
            .is_some(),
        "the address and why"
    );
    assert!(
        harness
            .query_by_label("not sent (AWS rejects local-zone names)")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("ec2-user: the default user of the image al2023")
            .is_some()
    );
    // Over a VPN the private IP is chosen instead.
    harness.get_by_label("vpn").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains(&format!(
                "{private_ip}: its private IP, reachable over your VPN"
            ))
            .is_some()
    );
    // From the carrier's network there is nothing to reach: said, not guessed.
    harness.get_by_label("carrier").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("has no Carrier IP")
            .is_some()
    );
}
