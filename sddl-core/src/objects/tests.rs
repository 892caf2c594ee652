//! Unit tests of the tables' internal consistency; behaviour tests are in `tests/objects.rs`.

use super::*;

#[test]
fn kind_names_table_is_in_enum_order() {
    for (i, k) in ObjectKind::ALL.iter().enumerate() {
        assert_eq!(KIND_NAMES[i].0, *k);
        assert_eq!(*k as usize, i);
        assert_eq!(k.table().kind, *k);
    }
    assert_eq!(KIND_NAMES.len(), ObjectKind::ALL.len());
}
