//! The tag tree: the layout's logical structure with the marked content and annotations
//! that realise each node.

use std::num::NonZeroU16;

use krilla::tagging::Identifier;
use krilla::tagging::{
    ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use crate::frame::{Role, Tree};

/// A node's marked content and annotations, each with its place in drawing order.
pub type Contents = Vec<Vec<(usize, Identifier)>>;

/// Builds krilla's tag tree. `contents[n]` are node n's identifiers with their place in
/// drawing order. A node's kids (its own content and its child nodes) are ordered by
/// where each is first drawn, so a link inside a paragraph is read between the words
/// before and after it; child nodes with nothing drawn keep their order, last.
pub fn tree(tree: &Tree, mut contents: Contents) -> TagTree {
    let n = tree.nodes.len();
    // Each node's children as a range of one list (counted first, then placed): one
    // allocation instead of a vector per node grown child by child.
    let mut count = vec![0usize; n + 1];
    let mut roots = Vec::new();
    for (id, node) in tree.nodes.iter().enumerate() {
        match node.parent {
            Some(p) if p < n => count[p + 1] += 1,
            _ => roots.push(id),
        }
    }
    for i in 1..=n {
        count[i] += count[i - 1];
    }
    let starts = count.clone();
    let mut all = vec![0usize; count[n]];
    for (id, node) in tree.nodes.iter().enumerate() {
        if let Some(p) = node.parent.filter(|&p| p < n) {
            all[count[p]] = id;
            count[p] += 1;
        }
    }
    let children = |id: usize| &all[starts[id]..starts[id + 1]];
    // Parents come before their children, so building from the back sees children first.
    let mut built: Vec<Option<(usize, TagGroup)>> = (0..n).map(|_| None).collect();
    for id in (0..n).rev() {
        let own = std::mem::take(&mut contents[id]);
        let mut kids: Vec<(usize, Node)> =
            Vec::with_capacity(own.len() + children(id).len());
        kids.extend(own.into_iter().map(|(at, ident)| (at, Node::Leaf(ident))));
        for &child in children(id) {
            if let Some((at, group)) = built[child].take() {
                kids.push((at, Node::Group(group)));
            }
        }
        kids.sort_by_key(|k| k.0);
        let first = kids.first().map_or(usize::MAX, |k| k.0);
        let nodes = kids.into_iter().map(|(_, kid)| kid).collect();
        built[id] =
            Some((first, TagGroup::with_children(kind(&tree.nodes[id].role), nodes)));
    }
    let mut tag_tree = TagTree::new().with_lang(Some("da".to_owned()));
    for root in roots {
        if let Some((_, group)) = built[root].take() {
            tag_tree.push(Node::Group(group));
        }
    }
    tag_tree
}

fn kind(role: &Role) -> TagKind {
    match role {
        Role::Heading { level, title } => {
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
