//! The example component of wavecall's README: it implements the world `shapes` of
//! `wit/shapes.wit` at the root of the repository.
//!
//! All arithmetic is done in `f32`, the type the WIT declares, so that the area of the unit
//! circle is the `f32` nearest to π, which Rust's `Display` prints as `3.1415927`.

use core::f32::consts::PI;

wit_bindgen::generate!({
    world: "shapes",
    path: "../../wit/shapes.wit",
});

struct Shapes;

impl Guest for Shapes {
    fn area(s: Shape) -> f32 {
        match s {
            Shape::Circle(Circle { radius }) => PI * radius * radius,
            Shape::Rect(Rect { width, height }) => width * height,
            Shape::Point => 0.0,
        }
    }

    fn perimeter(s: Shape) -> f32 {
        match s {
            Shape::Circle(Circle { radius }) => 2.0 * PI * radius,
            Shape::Rect(Rect { width, height }) => 2.0 * (width + height),
            Shape::Point => 0.0,
        }
    }

    fn scale(s: Shape, factor: f32) -> Shape {
        match s {
            Shape::Circle(Circle { radius }) => Shape::Circle(Circle {
                radius: radius * factor,
            }),
            Shape::Rect(Rect { width, height }) => Shape::Rect(Rect {
                width: width * factor,
                height: height * factor,
            }),
            Shape::Point => Shape::Point,
        }
    }
}

export!(Shapes);
