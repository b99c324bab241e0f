import Foundation

/// TF.js's dynamic-shape ops: NonMaxSuppressionV2–V5 (its greedy and soft NMS), Where and ListDiff.
enum DynamicKernels {
    static let kernels: [String: GraphKernel] = [
        "NonMaxSuppressionV2": { call in [try nonMaxSuppression(call, scoreThreshold: false, sigma: false).indices] },
        "NonMaxSuppressionV3": { call in [try nonMaxSuppression(call, scoreThreshold: true, sigma: false).indices] },
        "NonMaxSuppressionV4": { call in
            var result = try nonMaxSuppression(call, scoreThreshold: true, sigma: false)
            let valid = result.indices.values.count
            if call.attributes.bool("pad_to_max_output_size") ?? false, valid < result.limit {
                result.indices.values += [Float](repeating: 0, count: result.limit - valid)
                result.indices.shape = [result.limit]
            }
            return [result.indices, Tensor(shape: [], dtype: .int32, values: [Float(valid)])]
        },
        // TF.js returns only the indices and scores of V5, not its count of valid outputs.
        "NonMaxSuppressionV5": { call in
            let result = try nonMaxSuppression(call, scoreThreshold: true, sigma: true)
            return [result.indices, result.scores]
        },
        "Where": { call in
            let x = try call.input(0), strides = Tensor.strides(x.shape)
            var coordinates: [Float] = []
            for (flat, value) in x.values.enumerated() where value != 0 {
                coordinates += strides.indices.map { Float((flat / max(strides[$0], 1)) % max(x.shape[$0], 1)) }
            }
            return [Tensor(shape: [coordinates.count / max(x.shape.count, 1), x.shape.count], dtype: .int32, values: coordinates)]
        },
        "ListDiff": { call in
            try call.requireInputs(2)
            let x = call.inputs[0], excluded = Set(call.inputs[1].values)
            guard x.shape.count == 1, call.inputs[1].shape.count == 1 else { throw call.failure("x and y must be 1-D") }
            let kept = x.values.indices.filter { !excluded.contains(x.values[$0]) }
            return [Tensor(shape: [kept.count], dtype: x.dtype, values: kept.map { x.values[$0] }),
                    Tensor(shape: [kept.count], dtype: .int32, values: kept.map(Float.init))]
        },
    ]

    private struct Candidate {
        var score: Double
        let box: Int
        var suppressBegin = 0

        /// TF.js's ascending order: by score, then the higher box index first.
        func precedes(_ other: Candidate) -> Bool { score != other.score ? score < other.score : box > other.box }
    }

    /// Greedy NMS as TF.js runs it: candidates above the score threshold, highest score first; one is dropped
    /// when its IoU with a kept box reaches the threshold; soft-NMS (sigma > 0) decays scores and re-queues.
    private static func nonMaxSuppression(_ call: GraphOpCall, scoreThreshold hasThreshold: Bool, sigma hasSigma: Bool)
        throws(ExecutionError) -> (indices: Tensor, scores: Tensor, limit: Int) {
        let boxes = try call.input(0), scores = try call.input(1)
        guard boxes.shape.count == 2, boxes.shape[1] == 4, scores.shape == [boxes.shape[0]] else {
            throw call.failure("boxes must be [n, 4] and scores [n], got \(boxes.shape) and \(scores.shape)")
        }
        let limit = min(max(try call.integer(2), 0), boxes.shape[0])
        let iouThreshold = Double(try call.number(3))
        let scoreThreshold = hasThreshold ? Double(try call.number(4)) : -.infinity
        let sigma = hasSigma ? Double(try call.number(5)) : 0
        guard iouThreshold >= 0, iouThreshold <= 1 else { throw call.failure("iouThreshold must be in [0, 1], but was \(iouThreshold)") }
        guard sigma >= 0, sigma <= 1 else { throw call.failure("softNmsSigma must be in [0, 1], but was \(sigma)") }
        let scale = sigma > 0 ? -0.5 / sigma : 0
        var candidates = scores.values.indices.filter { Double(scores.values[$0]) > scoreThreshold }
            .map { Candidate(score: Double(scores.values[$0]), box: $0) }
            .sorted { $0.precedes($1) }
        var selected: [Int] = [], selectedScores: [Float] = []
        while selected.count < limit, var candidate = candidates.popLast() {
            let original = candidate.score
            if original < scoreThreshold { break }
            var ignored = false
            for j in stride(from: selected.count - 1, through: candidate.suppressBegin, by: -1) {
                let iou = intersectionOverUnion(boxes, candidate.box, selected[j])
                if iou >= iouThreshold {
                    ignored = true
                    break
                }
                candidate.score *= iou <= iouThreshold ? Foundation.exp(scale * iou * iou) : 0
                if candidate.score <= scoreThreshold { break }
            }
            candidate.suppressBegin = selected.count
            guard !ignored else { continue }
            if candidate.score == original {
                selected.append(candidate.box)
                selectedScores.append(Float(candidate.score))
            } else if candidate.score > scoreThreshold {
                let position = candidates.firstIndex { !$0.precedes(candidate) } ?? candidates.count
                candidates.insert(candidate, at: position)
            }
        }
        return (Tensor(shape: [selected.count], dtype: .int32, values: selected.map(Float.init)),
                Tensor(shape: [selectedScores.count], values: selectedScores), limit)
    }

    private static func intersectionOverUnion(_ boxes: Tensor, _ i: Int, _ j: Int) -> Double {
        func corners(_ k: Int) -> (Double, Double, Double, Double) {
            let b = (0..<4).map { Double(boxes.values[k * 4 + $0]) }
            return (min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3]))
        }
        let (y1, x1, y2, x2) = corners(i), (v1, u1, v2, u2) = corners(j)
        let areaI = (y2 - y1) * (x2 - x1), areaJ = (v2 - v1) * (u2 - u1)
        guard areaI > 0, areaJ > 0 else { return 0 }
        let intersection = max(min(y2, v2) - max(y1, v1), 0) * max(min(x2, u2) - max(x1, u1), 0)
        return intersection / (areaI + areaJ - intersection)
    }
}
