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

    /// The title block (SPEC section 5, DESIGN.md "Page 1"): the jobcenter as sender,
    /// the title, "Historisk version" for an earlier version, then the citizen's name
    /// (never the CPR number, which stays on page 2), the plan type, the version and its
    /// date; then the table of contents and a new page. Every value comes from the view.
    pub(super) fn title(&mut self, view: &View) {
        let l = self.l;
        let v = &view.version;
        if let Some(jc) = &view.jobcenter {
            let mut sender = vec![jc.name.to_owned()];
            if !jc.address.is_empty() {
                sender.push(jc.address.join(", "));
            }
            let contact: Vec<String> = [(&l.phone, jc.phone), (&l.email, jc.email)]
                .into_iter()
                .filter_map(|(label, value)| value.map(|v| format!("{label} {v}")))
                .collect();
            if !contact.is_empty() {
                sender.push(contact.join(" · "));
            }
            self.para(sender.join("\n"), Emphasis::Muted);
        }
        self.heading(Level::Title, &self.title_text(view.title), false);
        if v.historical {
            self.para(l.historical.clone(), Emphasis::Notice);
        }
        let version = l
            .version_line
            .replace("{version}", &v.number.to_string())
            .replace("{date}", &v.updated.danish());
        self.fields(vec![
            (&l.name, view.citizen.name.map(str::to_owned)),
            (&l.plan_type, Some(codes::plan_type(v.plan_type).to_owned())),
            (&l.version, Some(version)),
        ]);
        self.heading(Level::Section, &l.toc, false);
        self.blocks.push(Block::Toc);
        self.blocks.push(Block::PageBreak);
    }

    /// The running header of pages 2 onwards: "Min plan – integrationskontrakt · Amina
    /// Khalil Al-Hassan · version 7", led by "Historisk version ·" where it applies (it
    /// is then set in the historical band); white space collapsed to single spaces.
    pub(super) fn running_header(&self, view: &View) -> String {
        let l = self.l;
        let mut parts = Vec::new();
        if view.version.historical {
            parts.push(l.historical.clone());
        }
        parts.push(self.title_text(view.title));
        parts.extend(view.citizen.name.map(str::to_owned));
        parts.push(format!("{} {}", l.version.to_lowercase(), view.version.number));
        // One line, shaped as such: a line break or any other white space typed into a
        // name (`"\nT"`) becomes one space (a newline has no glyph; PDF/A refused it).
        let line = parts.join(" · ");
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
