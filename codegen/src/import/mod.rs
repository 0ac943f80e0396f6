//! Import of Tencent's published API description (owned by the import work).
