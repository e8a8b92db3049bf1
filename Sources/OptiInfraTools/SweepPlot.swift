import Foundation

/// The batch-size sweep as an SVG chart: rows/s (log scale) against batch size (log scale), one
/// line per insert path.
enum SweepPlot {
    static func svg(_ results: [BatchSizeSweep.Result]) -> String {
        let (width, height, margin) = (640.0, 400.0, 70.0)
        let batches = results.map { Double($0.batch) }, rates = results.map(\.rowsPerSecond)
        let xRange = log10(batches.min()!)...max(log10(batches.max()!), log10(batches.min()!) + 1)
        let yRange = floor(log10(rates.min()!))...ceil(log10(rates.max()!))
        func x(_ batch: Double) -> Double { margin + (log10(batch) - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (width - 2 * margin) }
        func y(_ rate: Double) -> Double { height - margin - (log10(rate) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (height - 2 * margin) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="24" text-anchor="middle" font-size="14">performance_metrics_ts inserts with views: rows/s by batch size</text>

            """
        for exponent in stride(from: yRange.lowerBound, through: yRange.upperBound, by: 1) {
            let rate = pow(10, exponent)
            svg += "<line x1=\"\(margin)\" x2=\"\(width - margin)\" y1=\"\(y(rate))\" y2=\"\(y(rate))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(margin - 6)\" y=\"\(y(rate) + 4)\" text-anchor=\"end\">\(Int(rate))</text>\n"
        }
        for batch in Set(batches).sorted() {
            svg += "<text x=\"\(x(batch))\" y=\"\(height - margin + 18)\" text-anchor=\"middle\">\(Int(batch))</text>\n"
        }
        svg += "<text x=\"\(width / 2)\" y=\"\(height - 20)\" text-anchor=\"middle\">rows per insert call</text>\n"
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]
        let paths = results.map(\.path).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for (index, path) in paths.enumerated() {
            let points = results.filter { $0.path == path }.sorted { $0.batch < $1.batch }
            let color = colors[index % colors.count]
            if points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\""
                    + points.map { "\(x(Double($0.batch))),\(y($0.rowsPerSecond))" }.joined(separator: " ") + "\"/>\n"
            }
            for point in points {
                svg += "<circle cx=\"\(x(Double(point.batch)))\" cy=\"\(y(point.rowsPerSecond))\" r=\"4\" fill=\"\(color)\"/>\n"
            }
            svg += "<text x=\"\(margin + 10)\" y=\"\(margin + 10 + Double(index) * 15)\" fill=\"\(color)\">\(path)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
