//! Scoping filters: a change set's `scope` replaces the object mapping's `groups` only. Groups
//! whose clauses are unchanged are kept as they are (name included), so applying the same scope
//! twice changes nothing; `inputFilterGroups` and `categoryFilterGroups` are never touched.

use serde_json::{Map, Value, json};

use crate::changes::model::{Clause, Scope};
use crate::engine::shape::{key_order, order_like};
use crate::schema::nav;
use crate::vocabulary::{Arity, scoping_operator_arity};

/// Key orders of existing scopes, groups and clauses (the object mapping's own first).
#[derive(Debug, Default)]
pub struct ScopeShape {
    scope: Vec<String>,
    group: Vec<String>,
    clause: Vec<String>,
}

impl ScopeShape {
    /// Learn from `scope` values, most specific first; missing orders fall back to the
    /// documented ones.
    pub fn learn<'a>(scopes: impl IntoIterator<Item = &'a Value>) -> Self {
        let scopes: Vec<&Value> = scopes.into_iter().filter(|s| s.is_object()).collect();
        let groups: Vec<&Value> = scopes
            .iter()
            .flat_map(|s| {
                ["groups", "inputFilterGroups", "categoryFilterGroups"].map(|k| nav::array(s, k))
            })
            .flatten()
            .collect();
        let clauses = groups.iter().flat_map(|g| nav::array(g, "clauses"));
        let or = |learned: Vec<String>, default: &[&str]| {
            if learned.is_empty() {
                default.iter().map(|k| (*k).to_owned()).collect()
            } else {
                learned
            }
        };
        ScopeShape {
            scope: or(
                key_order(scopes.iter().copied()),
                &["groups", "inputFilterGroups", "categoryFilterGroups"],
            ),
            group: or(key_order(groups.iter().copied()), &["name", "clauses"]),
            clause: or(
                key_order(clauses),
                &["operatorName", "sourceOperandName", "targetOperand"],
            ),
        }
    }
}

/// What a clause means: operator, attribute and values (a null operand reads as no values).
fn meaning(clause: &Value) -> (Option<&str>, Option<&str>, Vec<&Value>) {
    let values = clause
        .get("targetOperand")
        .map(|operand| nav::array(operand, "values").iter().collect())
        .unwrap_or_default();
    (
        nav::str_field(clause, "operatorName"),
        nav::str_field(clause, "sourceOperandName"),
        values,
    )
}

fn same_clauses(a: &Value, b: &[Value]) -> bool {
    let a = nav::array(a, "clauses");
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| meaning(x) == meaning(y))
}

/// The JSON of one clause. Its operator spelling and value count were checked by
/// `changes::checks` (unary operators carry `"targetOperand": null`, others their values).
fn clause_json(c: &Clause, shape: &ScopeShape) -> Value {
    let op = &c.operator;
    let operand = if scoping_operator_arity(&op.value) == Some(Arity::Unary) {
        Value::Null
    } else {
        let one = c.value.iter().map(|v| v.value.clone());
        let many = c.values.iter().flat_map(|v| v.value.iter().cloned());
        json!({ "values": one.chain(many).collect::<Vec<_>>() })
    };
    let mut map = Map::new();
    map.insert("operatorName".to_owned(), Value::String(op.value.clone()));
    map.insert(
        "sourceOperandName".to_owned(),
        Value::String(c.attribute.value.clone()),
    );
    map.insert("targetOperand".to_owned(), operand);
    Value::Object(order_like(map, &shape.clause))
}

/// Replace the scoping filter groups of object mapping `om` with `scope`.
pub fn replace(om: &mut Value, scope: &Scope, shape: &ScopeShape) {
    let current = om.get("scope").filter(|s| s.is_object());
    let old: Vec<Value> = current
        .map(|s| nav::array(s, "groups").to_vec())
        .unwrap_or_default();
    let mut used = vec![false; old.len()];
    let mut groups = Vec::new();
    for (i, group) in scope.any.iter().enumerate() {
        let clauses = group
            .value
            .all
            .iter()
            .map(|c| clause_json(&c.value, shape))
            .collect::<Vec<_>>();
        let same = |j: usize| !used[j] && same_clauses(&old[j], &clauses);
        let kept = if i < old.len() && same(i) {
            Some(i)
        } else {
            (0..old.len()).find(|&j| same(j))
        };
        if let Some(j) = kept {
            used[j] = true;
            groups.push(old[j].clone());
            continue;
        }
        let name = group
            .value
            .name
            .as_ref()
            .map_or_else(|| format!("entra-schema {}", i + 1), |n| n.value.clone());
        let mut map = Map::new();
        map.insert("name".to_owned(), Value::String(name));
        map.insert("clauses".to_owned(), Value::Array(clauses));
        groups.push(Value::Object(order_like(map, &shape.group)));
    }
    match om.get_mut("scope").and_then(Value::as_object_mut) {
        Some(existing) => {
            let null_stays = groups.is_empty() && existing.get("groups") == Some(&Value::Null);
            if !null_stays && existing.get("groups") != Some(&Value::Array(groups.clone())) {
                existing.insert("groups".to_owned(), Value::Array(groups));
            }
        }
        None if groups.is_empty() => {}
        None => {
            let mut map = Map::new();
            map.insert("groups".to_owned(), Value::Array(groups));
            map.insert("inputFilterGroups".to_owned(), Value::Array(Vec::new()));
            map.insert("categoryFilterGroups".to_owned(), Value::Array(Vec::new()));
            let value = Value::Object(order_like(map, &shape.scope));
            if let Some(object) = om.as_object_mut() {
                object.insert("scope".to_owned(), value);
            }
        }
    }
}
