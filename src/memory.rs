//! Memory freed, given back to the system. glibc's allocator keeps what a program
//! frees for the program's next allocations, scattered among what it still holds, and
//! returns little of it: the syntax tree of a plan, freed as the model is built from
//! it, would stay resident beside the model. A check gives it back as it goes.

/// Gives the system back the memory pages that hold nothing any more.
pub(crate) fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointer and only releases pages of glibc's
    // arenas that hold no allocation; glibc takes its own locks, so any thread may call
    // it at any time, and every live allocation stays where it is.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}
