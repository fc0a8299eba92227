//! Lengths and positions on a page: PDF points (1/72 inch), x from the page's left edge
//! and y from its top edge, growing down (the PDF stage turns y over).

/// A length in points.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Pt {
    /// The length as a number of points.
    pub fn get(self) -> f32 {
        self.0
    }
}

/// A position on a page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    /// From the left edge.
    pub x: Pt,
    /// From the top edge.
    pub y: Pt,
}

/// The extent of a page or an area.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Size {
    /// Horizontal extent.
    pub width: Pt,
    /// Vertical extent.
    pub height: Pt,
}

impl Size {
    /// A size of `width` × `height` points.
    pub fn new(width: f32, height: f32) -> Self {
        Self { width: Pt(width), height: Pt(height) }
    }
}
