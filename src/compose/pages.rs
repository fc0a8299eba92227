//! The signature and acknowledgement pages (SPEC section 3, items 7 and 8; seed 000 §7.2).

use super::Composer;
use crate::document::{Block, Emphasis, Level, Signatory};
use crate::visibility::view::{Kvittering, Signature, Title};

impl Composer<'_> {
    /// Underskrift: the citizen's and the municipality's lines, each with a date field,
    /// the caseworker's name and title under the municipality's line, and the version
    /// signed stated above them.
    /// The block follows the content and is kept on one page.
    pub(super) fn signature(&mut self, s: &Signature) {
        let l = self.l;
        let before = std::mem::take(&mut self.blocks);
        self.heading(Level::Section, &l.signature, true);
        self.para(l.signature_intro.clone(), Emphasis::Normal);
        let version = l
            .signature_version
            .replace("{version}", &s.version.to_string())
            .replace("{date}", &s.updated.danish());
        self.para(version, Emphasis::Normal);
        let municipality = match s.caseworker {
            Some((name, title)) => {
                let mut parts: Vec<&str> = [name, title].into_iter().flatten().collect();
                parts.push(s.municipality);
                parts.join(", ")
            }
            None => s.municipality.to_owned(),
        };
        self.blocks.push(Block::Signatures(vec![
            Signatory { role: l.signature_citizen.clone(), name: s.citizen.to_owned() },
            Signatory { role: l.signature_municipality.clone(), name: municipality },
        ]));
        self.keep_since(before);
    }

    /// Kvittering: the citizen confirms having received and read this version; where to
    /// return the signed page, and the two other ways to acknowledge. The citizen returns
    /// the page, so it starts a page of its own and names what is acknowledged (plan
    /// version id, version, date) without the CPR number.
    pub(super) fn kvittering(&mut self, k: &Kvittering, title: Title) {
        let l = self.l;
        self.blocks.push(Block::PageBreak);
        let before = std::mem::take(&mut self.blocks);
        self.heading(Level::Section, &l.acknowledgement, true);
        let identity = match k.id {
            Some(id) => l.acknowledgement_identity.replace("{id}", id),
            None => l.acknowledgement_identity_without_id.clone(),
        };
        let identity = identity
            .replace("{version}", &k.version.to_string())
            .replace("{date}", &k.updated.danish());
        self.para(identity, Emphasis::Strong);
        let intro = l
            .acknowledgement_intro
            .replace("{title}", &self.title_text(title))
            .replace("{version}", &k.version.to_string())
            .replace("{date}", &k.updated.danish());
        self.para(intro, Emphasis::Normal);
        self.blocks.push(Block::Signatures(vec![Signatory {
            role: l.signature_citizen.clone(),
            name: k.citizen.to_owned(),
        }]));
        self.para(l.acknowledgement_return.clone(), Emphasis::Strong);
        let (name, address) = &k.return_to;
        let mut lines = vec![(*name).to_owned()];
        lines.extend(address.iter().cloned());
        self.para(lines.join("\n"), Emphasis::Normal);
        self.para(l.acknowledgement_other_ways.clone(), Emphasis::Strong);
        self.blocks.push(Block::List(vec![
            l.acknowledgement_jobnet.clone(),
            l.acknowledgement_digital_post.clone(),
        ]));
        self.keep_since(before);
    }

    /// Makes the blocks composed since `before` was taken one [`Block::Keep`] group
    /// after `before`.
    fn keep_since(&mut self, before: Vec<Block>) {
        let group = std::mem::replace(&mut self.blocks, before);
        self.blocks.push(Block::Keep(group));
    }
}
