//! Lengths and positions on a page: PDF points (1/72 inch), x from the page's left edge
//! and y from its top edge, growing down (the PDF stage turns y over).

use std::ops::{Add, AddAssign, Mul, Sub};

/// A length in points.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Pt {
    /// No length.
    pub const ZERO: Pt = Pt(0.0);

    /// The length as a number of points.
    pub fn get(self) -> f32 {
        self.0
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, other: Pt) -> Pt {
        Pt(self.0 + other.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, other: Pt) {
        self.0 += other.0;
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, other: Pt) -> Pt {
        Pt(self.0 - other.0)
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, factor: f32) -> Pt {
        Pt(self.0 * factor)
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

impl Point {
    /// The point `x` points from the left edge and `y` points from the top edge.
    pub fn new(x: f32, y: f32) -> Self {
        Self { x: Pt(x), y: Pt(y) }
    }
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
