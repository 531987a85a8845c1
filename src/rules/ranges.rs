//! An index of date ranges that finds those sharing a day with a range asked about
//! in time that grows with what it finds, not with all it holds: the ranges sorted by
//! start, and over them a tree of the latest end of each stretch. Two phases that
//! overlap among ten thousand are found without comparing every pair.

use std::ops::ControlFlow;

use crate::model::BlockId;

/// Ranges of day numbers (both ends included), each of a block.
pub(crate) struct Ranges {
    /// `(start, end, block)`, by start.
    sorted: Vec<(i64, i64, BlockId)>,
    /// `latest[n]`: the latest end of the ranges under node `n` of a tree over
    /// `sorted`, node 1 its root and node `n`'s children `2n` and `2n + 1`.
    latest: Vec<i64>,
}

impl Ranges {
    pub(crate) fn new(mut ranges: Vec<(i64, i64, BlockId)>) -> Ranges {
        ranges.sort_unstable();
        let mut latest = vec![i64::MIN; 2 * ranges.len().next_power_of_two()];
        let leaves = latest.len() / 2;
        for (i, &(_, end, _)) in ranges.iter().enumerate() {
            latest[leaves + i] = end;
        }
        for n in (1..leaves).rev() {
            latest[n] = latest[2 * n].max(latest[2 * n + 1]);
        }
        Ranges {
            sorted: ranges,
            latest,
        }
    }

    /// Calls `found` with each block whose range shares a day with `start..=end`, by
    /// start, until it breaks; says whether it did.
    pub(crate) fn overlapping(
        &self,
        start: i64,
        end: i64,
        mut found: impl FnMut(BlockId) -> ControlFlow<()>,
    ) -> bool {
        // Ranges that start after `end` cannot overlap; of the others, those that end
        // before `start` are skipped a whole stretch at a time.
        let before_end = self.sorted.partition_point(|&(s, _, _)| s <= end);
        if before_end == 0 {
            return false;
        }
        let leaves = self.latest.len() / 2;
        let mut pending = vec![(1, 0, leaves)];
        while let Some((node, from, to)) = pending.pop() {
            if from >= before_end || self.latest[node] < start {
                continue;
            }
            if to - from == 1 {
                if found(self.sorted[from].2).is_break() {
                    return true;
                }
                continue;
            }
            let middle = usize::midpoint(from, to);
            // The right half first on the stack, so that the left is taken first.
            pending.push((2 * node + 1, middle, to));
            pending.push((2 * node, from, middle));
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use proptest::prelude::*;

    use super::Ranges;
    use crate::model::BlockId;

    fn all_overlapping(ranges: &Ranges, start: i64, end: i64) -> Vec<u32> {
        let mut found = Vec::new();
        ranges.overlapping(start, end, |b| {
            found.push(b.0);
            ControlFlow::Continue(())
        });
        found
    }

    #[test]
    fn finds_the_ranges_that_share_a_day_by_start_and_stops_when_asked() {
        let ranges = Ranges::new(vec![
            (10, 20, BlockId(0)),
            (21, 30, BlockId(1)),
            (1, 100, BlockId(2)),
            (25, 25, BlockId(3)),
        ]);
        assert_eq!(all_overlapping(&ranges, 20, 21), vec![2, 0, 1]);
        assert_eq!(all_overlapping(&ranges, 101, 200), Vec::<u32>::new());
        assert_eq!(all_overlapping(&ranges, -5, 0), Vec::<u32>::new());
        let mut seen = 0;
        let stopped = ranges.overlapping(0, 200, |_| {
            seen += 1;
            if seen == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert!(stopped);
        assert_eq!(seen, 2);
        assert!(!Ranges::new(Vec::new()).overlapping(0, 10, |_| ControlFlow::Break(())));
    }

    proptest! {
        #[test]
        fn finds_what_comparing_every_range_finds(
            spans in prop::collection::vec((0i64..60, 0i64..15), 0..40),
            start in 0i64..80,
            length in 0i64..20,
        ) {
            let ranges: Vec<_> = spans
                .iter()
                .enumerate()
                .map(|(i, &(s, l))| (s, s + l, BlockId(i as u32)))
                .collect();
            let end = start + length;
            let mut expected: Vec<u32> = ranges
                .iter()
                .filter(|&&(s, e, _)| s <= end && start <= e)
                .map(|r| r.2.0)
                .collect();
            let mut found = all_overlapping(&Ranges::new(ranges), start, end);
            expected.sort_unstable();
            found.sort_unstable();
            prop_assert_eq!(found, expected);
        }
    }
}
