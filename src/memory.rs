//! Memory freed, given back to the system. glibc's allocator keeps what a program
//! frees for the program's next allocations, scattered among what it still holds, and
//! returns little of it: the syntax tree of a plan, freed as the model is built from
//! it, would stay resident beside the model. A check gives it back as it goes, when
//! what it holds has grown past its [`Allowance`].

/// What a run may come to hold before it gives freed memory back: half of the aim of
/// docs/performance.md (ten times its input and 30 MB), above what the process held
/// when the run began. Giving back walks the whole heap, and the pages it returns
/// are faulted in again as soon as the run allocates: within the allowance, freed
/// memory is cheaper kept for the run's next allocations.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Allowance {
    /// The resident bytes past which freed memory is given back; `None` where they
    /// cannot be read, and memory is then given back whenever asked.
    limit: Option<u64>,
}

/// Bytes of memory a run may take on for each byte of its input, and in all.
const FOR_EACH_BYTE: u64 = 5;
const IN_ALL: u64 = 15 * 1024 * 1024;

impl Allowance {
    /// The allowance of a run of `input` bytes that began when the process held
    /// `resident_at_start` bytes ([`resident`]).
    pub(crate) fn new(resident_at_start: Option<u64>, input: usize) -> Allowance {
        let input = u64::try_from(input).unwrap_or(u64::MAX);
        Allowance {
            limit: resident_at_start
                .map(|start| start.saturating_add(input.saturating_mul(FOR_EACH_BYTE) + IN_ALL)),
        }
    }

    /// Gives the system back the memory pages that hold nothing any more, if the
    /// process now holds more than the allowance.
    pub(crate) fn give_back_if_past(self) {
        let past = match (self.limit, resident()) {
            (Some(limit), Some(now)) => now > limit,
            _ => true,
        };
        if past {
            give_back_freed();
        }
    }
}

/// The bytes of memory the process holds resident, where the system says
/// (`VmRSS` of `/proc/self/status`, in kB).
pub(crate) fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kilobytes: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kilobytes * 1024)
}

/// Gives the system back the memory pages that hold nothing any more.
fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointer and only releases pages of glibc's
    // arenas that hold no allocation; glibc takes its own locks, so any thread may call
    // it at any time, and every live allocation stays where it is.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn the_resident_memory_is_read_on_linux() {
        let resident = super::resident().expect("/proc/self/status gives VmRSS");
        // Some pages at least: the test's own code and stack.
        assert!(resident >= 64 * 1024, "{resident}");
    }
}
