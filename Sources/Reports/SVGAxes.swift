/// The axes of an SVG chart: lines, ticks with their values, and a title for each.
enum SVGAxes {
    /// A left axis at `x` for `scale` (vertical), ticks labelled with their value and `title` turned upright.
    static func vertical(_ scale: ChartScale, x: Double, title: String) -> String {
        var svg = line(x, scale.from, x, scale.to, class: "axis")
        for tick in scale.ticks {
            let y = scale.position(tick)
            svg += line(x - 5, y, x, y, class: "axis")
            svg += text(NumberText.short(tick), x: x - 8, y: y + 4, anchor: "end")
        }
        let middle = (scale.from + scale.to) / 2
        svg += "<text class=\"axis-title\" transform=\"translate(\(f(x - 48)),\(f(middle))) rotate(-90)\" "
            + "text-anchor=\"middle\">\(HTMLText.escape(title))</text>\n"
        return svg
    }

    /// A bottom axis at `y` for `scale` (horizontal), ticks labelled with their value and `title` below.
    static func horizontal(_ scale: ChartScale, y: Double, title: String) -> String {
        var svg = line(scale.from, y, scale.to, y, class: "axis")
        for tick in scale.ticks {
            let x = scale.position(tick)
            svg += line(x, y, x, y + 5, class: "axis")
            svg += text(NumberText.short(tick), x: x, y: y + 18, anchor: "middle")
        }
        svg += "<text class=\"axis-title\" x=\"\(f((scale.from + scale.to) / 2))\" y=\"\(f(y + 38))\" "
            + "text-anchor=\"middle\">\(HTMLText.escape(title))</text>\n"
        return svg
    }

    /// A line element.
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, class name: String) -> String {
        "<line class=\"\(name)\" stroke=\"#333\" x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"/>\n"
    }

    /// A text element, escaped.
    static func text(_ content: String, x: Double, y: Double, anchor: String, class name: String = "tick") -> String {
        "<text class=\"\(name)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(content))</text>\n"
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return "0" }
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    /// The opening of an SVG element `width` × `height` with an accessible label.
    static func open(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">\n"
    }
}
