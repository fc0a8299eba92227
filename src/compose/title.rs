//! Page 1: the title and the table of contents.

use super::Composer;
use crate::codes;
use crate::document::{Block, Emphasis, Level};
use crate::visibility::view::{Title, View};

impl Composer<'_> {
    /// The document's title: "Min plan – integrationskontrakt" only where the view holds
    /// the open contract (never for the a-kasse).
    pub(super) fn title_text(&self, title: Title) -> String {
        match title {
            Title::Plan => self.l.title.clone(),
            Title::IntegrationContract => self.l.title_integration.clone(),
        }
    }

    /// Title, the version line, and the table of contents; then a new page.
    pub(super) fn title(&mut self, view: &View) {
        let l = self.l;
        let v = &view.version;
        self.heading(Level::Title, &self.title_text(view.title), false);
        self.para(
            format!(
                "{} · {} {} · {}",
                codes::plan_type(v.plan_type),
                l.version,
                v.number,
                v.updated.danish()
            ),
            Emphasis::Muted,
        );
        self.heading(Level::Section, &l.toc, false);
        self.blocks.push(Block::Toc);
        self.blocks.push(Block::PageBreak);
    }
}
