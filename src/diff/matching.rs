//! Matching the elements of two arrays by identity (a name, or a pair of names), never by
//! position. When an identity occurs more than once on a side, the k-th duplicate in the old
//! array matches the k-th duplicate in the new one, so duplicates never panic or invent changes.

use std::collections::HashMap;

use serde_json::Value;

use crate::schema::nav;

/// How the elements of an old and a new array correspond.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// (old index, new index) of elements with the same identity, in old order.
    pub pairs: Vec<(usize, usize)>,
    /// Old indices without a counterpart, ascending.
    pub removed: Vec<usize>,
    /// New indices without a counterpart, ascending.
    pub added: Vec<usize>,
}

impl Matching {
    /// The old index matched to new index `new`, if any.
    pub fn old_for(&self, new: usize) -> Option<usize> {
        self.pairs.iter().find(|(_, n)| *n == new).map(|(o, _)| *o)
    }
}

/// Matches `old` against `new` using `key` as the identity of an element.
pub fn match_by<K, F>(old: &[Value], new: &[Value], key: F) -> Matching
where
    K: Eq + std::hash::Hash,
    F: Fn(&Value) -> K,
{
    // identity → queue of new indices carrying it, in order.
    let mut pending: HashMap<K, std::collections::VecDeque<usize>> = HashMap::new();
    for (index, element) in new.iter().enumerate() {
        pending.entry(key(element)).or_default().push_back(index);
    }
    let mut matching = Matching::default();
    let mut taken = vec![false; new.len()];
    for (index, element) in old.iter().enumerate() {
        match pending.get_mut(&key(element)).and_then(|q| q.pop_front()) {
            Some(n) => {
                matching.pairs.push((index, n));
                if let Some(slot) = taken.get_mut(n) {
                    *slot = true;
                }
            }
            None => matching.removed.push(index),
        }
    }
    matching.added = (0..new.len()).filter(|n| !taken[*n]).collect();
    matching
}

/// Identity of a rule: its `name` when present, else its `id`.
pub fn rule_key(rule: &Value) -> String {
    nav::str_field(rule, "name")
        .or_else(|| nav::str_field(rule, "id"))
        .unwrap_or_default()
        .to_owned()
}

/// Identity of an object mapping: (sourceObjectName, targetObjectName).
pub fn object_mapping_key(mapping: &Value) -> (String, String) {
    (
        nav::str_field(mapping, "sourceObjectName")
            .unwrap_or_default()
            .to_owned(),
        nav::str_field(mapping, "targetObjectName")
            .unwrap_or_default()
            .to_owned(),
    )
}

/// Identity by one string field (`name`, `targetAttributeName`); `None` when absent.
pub fn field_key(field: &'static str) -> impl Fn(&Value) -> Option<String> {
    move |element| nav::str_field(element, field).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(list: &[&str]) -> Vec<Value> {
        list.iter().map(|n| json!({ "name": n })).collect()
    }

    #[test]
    fn matches_by_name_not_position() {
        let m = match_by(
            &names(&["a", "b", "c"]),
            &names(&["a", "c"]),
            field_key("name"),
        );
        assert_eq!(m.pairs, vec![(0, 0), (2, 1)]);
        assert_eq!(m.removed, vec![1]);
        assert!(m.added.is_empty());
    }

    #[test]
    fn duplicates_match_kth_to_kth() {
        let m = match_by(
            &names(&["x", "x", "y"]),
            &names(&["x", "y", "x", "x"]),
            field_key("name"),
        );
        assert_eq!(m.pairs, vec![(0, 0), (1, 2), (2, 1)]);
        assert_eq!(m.added, vec![3]);
        assert!(m.removed.is_empty());
        assert_eq!(m.old_for(2), Some(1));
    }
}
