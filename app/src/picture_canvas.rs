//! A canvas for the library's pictures with clickable elements (the rack network, the rack
//! elevations): fits the picture on first show, pans and zooms, shows the hovered element's
//! card and reports the element clicked. The views decide what a click means.

use edge_atlas::scene::Point;
use edge_atlas::scene::rack_network::{Element, RackPicture};
use eframe::egui;

use crate::scene_painter::{pan_and_zoom, shapes};

/// The camera over one picture.
#[derive(Clone, Debug, Default)]
pub struct PictureCanvas {
    /// Zoom over the fitted scale; 0 until the picture is first fitted.
    zoom: f32,
    center: Point,
    /// Screen points per scene unit in the last frame drawn.
    scale: f32,
}

impl PictureCanvas {
    /// Screen points per scene unit in the last frame drawn (0 before the first).
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Fits the next picture shown into the canvas (after the picture changed subject).
    pub fn refit(&mut self) {
        self.zoom = 0.0;
    }

    /// Draws `picture` into the rest of `ui`; `card` gives the hover text of an element. Returns
    /// the element clicked this frame.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        picture: &RackPicture,
        card: impl Fn(&Element) -> String,
    ) -> Option<Element> {
        let (response, painter) =
            ui.allocate_painter(ui.available_size(), egui::Sense::click_and_drag());
        let rect = response.rect;
        let (min, max) = picture.scene.bounds()?;
        let fit = picture.scene.fit_scale([rect.width(), rect.height()])?;
        if self.zoom <= 0.0 {
            self.zoom = 1.0;
            self.center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
        }
        let view = pan_and_zoom(
            ui,
            &response,
            fit,
            &mut self.zoom,
            &mut self.center,
            0.3..=20.0,
        );
        self.scale = view.scale;
        painter.extend(shapes(&painter, &picture.scene, &view));
        let pointer = response.hover_pos()?;
        let at = view.to_scene(pointer);
        // The last element drawn is on top (assets over their rack).
        let hovered =
            picture.elements.iter().rev().find(|e| {
                at.x >= e.min.x && at.x <= e.max.x && at.y >= e.min.y && at.y <= e.max.y
            })?;
        let clicked = response.clicked();
        response.on_hover_text_at_pointer(card(hovered));
        clicked.then(|| hovered.clone())
    }
}
