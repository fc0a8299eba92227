//! Page 2: about this version (SPEC section 3, item 2).

use super::Composer;
use crate::codes;
use crate::document::{Block, Emphasis, Level};
use crate::visibility::view::View;

impl Composer<'_> {
    /// Name, CPR number, version facts, change notifications, jobcenter and caseworker.
    pub(super) fn about(&mut self, view: &View) {
        let l = self.l;
        let v = &view.version;
        self.heading(Level::Section, &l.about, true);
        let acknowledged = v.acknowledged.as_ref().map(|a| {
            // "05.03.2026 (på Jobnet)", "05.03.2026 af kommunen på borgerens vegne (…)".
            let mut s = a.on.danish();
            if let Some(by) = a.by {
                s = format!("{s} {by}");
            }
            if let Some(method) = a.method {
                s = format!("{s} ({method})");
            }
            s
        });
        self.fields(vec![
            (&l.name, view.citizen.name.map(str::to_owned)),
            (&l.cpr, view.citizen.cpr.map(str::to_owned)),
            (&l.plan_type, Some(codes::plan_type(v.plan_type).to_owned())),
            (&l.version, Some(v.number.to_string())),
            (&l.created, Some(v.created.danish())),
            (&l.updated, Some(v.updated.danish())),
            (&l.read_deadline, v.read_deadline.map(|d| d.danish())),
            (&l.acknowledged, acknowledged),
        ]);
        if !v.notifications.is_empty() {
            self.para(l.changes.clone(), Emphasis::Strong);
            let items = v.notifications.iter().map(|n| (*n).to_owned()).collect();
            self.blocks.push(Block::List(items));
        }
        if let Some(jc) = &view.jobcenter {
            let mut jobcenter = vec![jc.name.to_owned()];
            jobcenter.extend(jc.address.iter().cloned());
            let caseworker = jc.caseworker.as_ref().map(|c| {
                [c.name, c.title, c.phone, c.email]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            self.fields(vec![
                (&l.jobcenter, Some(jobcenter.join("\n"))),
                (&l.phone, jc.phone.map(str::to_owned)),
                (&l.email, jc.email.map(str::to_owned)),
                (&l.caseworker, caseworker),
            ]);
        }
        self.blocks.push(Block::PageBreak);
    }
}
