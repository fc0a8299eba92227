//! The logical structure (ISO 32000-1 §14.7): which structure element owns each piece of
//! marked content and each annotation, and in which order a reader meets them.

use std::collections::{HashMap, HashSet};

use lopdf::{Document, Object, ObjectId};

use super::fonts::{self, deref};

/// Deeper structure trees are not followed (minplan's are a handful of levels deep).
const MAX_DEPTH: usize = 256;

/// Where an item sits in the structure.
#[derive(Clone, Debug)]
pub struct Owned {
    /// Position in reading order (depth-first through the tree).
    pub order: usize,
    /// The owning element's structure type (`P`, `H1`, `TD`, `Link`, …).
    pub role: String,
    /// Whether it sits inside a table of contents.
    pub in_toc: bool,
    /// The owning element (a number unique within the document).
    pub element: usize,
}

/// The structure tree, indexed by what it refers to.
#[derive(Default)]
pub struct Structure {
    /// Marked content, by page and MCID.
    pub content: HashMap<(ObjectId, i64), Owned>,
    /// Annotations (links), by object.
    pub annotations: HashMap<ObjectId, Owned>,
}

/// Reads the document's structure tree; an untagged document has an empty one.
pub fn read(doc: &Document) -> Structure {
    let mut walker = Walker {
        doc,
        out: Structure::default(),
        seen: HashSet::new(),
        next: 0,
        elements: 0,
    };
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok())
        .and_then(|o| deref(doc, o).as_dict().ok());
    if let Some(kids) = root.and_then(|r| r.get(b"K").ok()) {
        walker.walk(
            kids,
            &Context { page: None, role: "", in_toc: false, element: 0 },
            0,
        );
    }
    walker.out
}

struct Walker<'a> {
    doc: &'a Document,
    out: Structure,
    seen: HashSet<ObjectId>,
    next: usize,
    elements: usize,
}

struct Context<'r> {
    page: Option<ObjectId>,
    role: &'r str,
    in_toc: bool,
    element: usize,
}

impl Walker<'_> {
    fn owned(&mut self, ctx: &Context) -> Owned {
        self.next += 1;
        Owned {
            order: self.next,
            role: ctx.role.to_owned(),
            in_toc: ctx.in_toc,
            element: ctx.element,
        }
    }

    fn walk(&mut self, object: &Object, ctx: &Context, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Object::Reference(id) = object {
            if !self.seen.insert(*id) {
                return;
            }
        }
        let doc = self.doc;
        match deref(doc, object) {
            Object::Integer(mcid) => {
                if let Some(page) = ctx.page {
                    let owned = self.owned(ctx);
                    self.out.content.insert((page, *mcid), owned);
                }
            }
            Object::Array(items) => {
                for item in items {
                    self.walk(item, ctx, depth + 1);
                }
            }
            Object::Dictionary(dict) => {
                let page = match dict.get(b"Pg") {
                    Ok(Object::Reference(id)) => Some(*id),
                    _ => ctx.page,
                };
                match fonts::name(doc, dict, b"Type").as_deref() {
                    Some(b"MCR") => {
                        if let (Some(page), Some(Object::Integer(mcid))) =
                            (page, dict.get(b"MCID").ok().map(|o| deref(doc, o)))
                        {
                            let owned = self.owned(ctx);
                            self.out.content.insert((page, *mcid), owned);
                        }
                    }
                    Some(b"OBJR") => {
                        if let Ok(Object::Reference(id)) = dict.get(b"Obj") {
                            let owned = self.owned(ctx);
                            self.out.annotations.insert(*id, owned);
                        }
                    }
                    _ => {
                        let Some(role) = fonts::name(doc, dict, b"S") else { return };
                        let role = String::from_utf8_lossy(&role).into_owned();
                        let in_toc = ctx.in_toc || role == "TOC";
                        if let Ok(kids) = dict.get(b"K") {
                            self.elements += 1;
                            let element = self.elements;
                            let inner = Context { page, role: &role, in_toc, element };
                            self.walk(kids, &inner, depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
