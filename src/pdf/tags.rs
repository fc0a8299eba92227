//! The tag tree: the layout's logical structure with the marked content and annotations
//! that realise each node.

use std::num::NonZeroU16;

use krilla::tagging::Identifier;
use krilla::tagging::{
    ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use crate::layout::frame::{Role, Tree};

/// Builds krilla's tag tree. `contents[n]` are node n's identifiers in drawing order.
pub fn tree(tree: &Tree, mut contents: Vec<Vec<Identifier>>) -> TagTree {
    let n = tree.nodes.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (id, node) in tree.nodes.iter().enumerate() {
        match node.parent {
            Some(p) => children[p].push(id),
            None => roots.push(id),
        }
    }
    // Parents come before their children, so building from the back sees children first.
    let mut built: Vec<Option<TagGroup>> = (0..n).map(|_| None).collect();
    for id in (0..n).rev() {
        let mut group = TagGroup::new(kind(&tree.nodes[id].role));
        for ident in std::mem::take(&mut contents[id]) {
            group.push(ident);
        }
        for &child in &children[id] {
            if let Some(c) = built[child].take() {
                group.push(Node::Group(c));
            }
        }
        built[id] = Some(group);
    }
    let mut tag_tree = TagTree::new().with_lang(Some("da".to_owned()));
    for root in roots {
        if let Some(group) = built[root].take() {
            tag_tree.push(Node::Group(group));
        }
    }
    tag_tree
}

fn kind(role: &Role) -> TagKind {
    match role {
        Role::Heading(level, title) => {
            let level = NonZeroU16::new(u16::from(*level)).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, Some(title.clone())).into()
        }
        Role::P => Tag::P.into(),
        Role::L => Tag::L(ListNumbering::Disc).into(),
        Role::LI => Tag::LI.into(),
        Role::Lbl => Tag::Lbl.into(),
        Role::LBody => Tag::LBody.into(),
        Role::Table => Tag::Table.into(),
        Role::THead => Tag::THead.into(),
        Role::TBody => Tag::TBody.into(),
        Role::TR => Tag::TR.into(),
        Role::TH(row) => {
            let scope =
                if *row { TableHeaderScope::Row } else { TableHeaderScope::Column };
            Tag::TH(scope).into()
        }
        Role::TD => Tag::TD.into(),
        Role::TOC => Tag::TOC.into(),
        Role::TOCI => Tag::TOCI.into(),
        Role::Link => Tag::Link.into(),
    }
}
