//! The attribute's options: `signature = "..."`, `parallel`, `nogil`, `fastmath`, `cache`.
