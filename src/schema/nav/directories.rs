//! Navigation on the directory side of a schema: directories → objects → attribute definitions,
//! for reading and for editing in place.

use serde_json::Value;

use super::{array, array_mut, find_by, find_by_mut, position_by};

/// `directories[]` of a schema.
pub fn directories(schema: &Value) -> &[Value] {
    array(schema, "directories")
}

/// `directories[]` of a schema, mutably; `None` when absent or null.
pub fn directories_mut(schema: &mut Value) -> Option<&mut Vec<Value>> {
    array_mut(schema, "directories")
}

/// `objects[]` of a directory definition.
pub fn objects(directory: &Value) -> &[Value] {
    array(directory, "objects")
}

/// `objects[]` of a directory definition, mutably; `None` when absent or null.
pub fn objects_mut(directory: &mut Value) -> Option<&mut Vec<Value>> {
    array_mut(directory, "objects")
}

/// `attributes[]` of an object definition.
pub fn attributes(object: &Value) -> &[Value] {
    array(object, "attributes")
}

/// `attributes[]` of an object definition, mutably; `None` when absent or null.
pub fn attributes_mut(object: &mut Value) -> Option<&mut Vec<Value>> {
    array_mut(object, "attributes")
}

/// Index of the directory called `name`.
pub fn find_directory(schema: &Value, name: &str) -> Option<usize> {
    position_by(directories(schema), "name", name)
}

/// The directory definition called `name`, mutably.
pub fn find_directory_mut<'a>(schema: &'a mut Value, name: &str) -> Option<&'a mut Value> {
    find_by_mut(directories_mut(schema)?, "name", name)
}

/// The object definition `object` of directory `directory`, if both exist.
pub fn find_object<'a>(schema: &'a Value, directory: &str, object: &str) -> Option<&'a Value> {
    let dir = find_by(directories(schema), "name", directory)?;
    find_by(objects(dir), "name", object)
}

/// The object definition `object` of directory `directory`, mutably.
pub fn find_object_mut<'a>(
    schema: &'a mut Value,
    directory: &str,
    object: &str,
) -> Option<&'a mut Value> {
    let dir = find_directory_mut(schema, directory)?;
    find_by_mut(objects_mut(dir)?, "name", object)
}

/// The attribute definition `name` of an object definition.
pub fn find_attribute<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    find_by(attributes(object), "name", name)
}

/// The attribute definition `name` of an object definition, mutably.
pub fn find_attribute_mut<'a>(object: &'a mut Value, name: &str) -> Option<&'a mut Value> {
    find_by_mut(attributes_mut(object)?, "name", name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "directories": [
                {"name": "API", "objects": [{"name": "User", "attributes": [{"name": "userName"}]}]},
                {"name": "Azure Active Directory", "objects": null}
            ]
        })
    }

    #[test]
    fn finds_directories_objects_and_attributes_by_name() {
        let s = sample();
        assert_eq!(find_directory(&s, "Azure Active Directory"), Some(1));
        let user = find_object(&s, "API", "User").expect("object");
        assert!(find_attribute(user, "userName").is_some());
        assert!(
            find_attribute(user, "username").is_none(),
            "names are case-sensitive"
        );
        assert!(find_object(&s, "Azure Active Directory", "User").is_none());
        assert!(find_object(&s, "Nope", "User").is_none());
    }

    #[test]
    fn null_objects_read_as_empty_and_are_not_editable() {
        let mut s = sample();
        assert!(objects(&directories(&s)[1]).is_empty());
        let aad = find_directory_mut(&mut s, "Azure Active Directory").expect("directory");
        assert!(objects_mut(aad).is_none());
    }

    #[test]
    fn edits_in_place_through_mutable_lookups() {
        let mut s = sample();
        let user = find_object_mut(&mut s, "API", "User").expect("object");
        find_attribute_mut(user, "userName").expect("attribute")["required"] = json!(true);
        attributes_mut(user)
            .expect("attributes")
            .push(json!({"name": "mail"}));
        directories_mut(&mut s)
            .expect("directories")
            .push(json!({"name": "X"}));
        let user = find_object(&s, "API", "User").expect("object");
        assert_eq!(
            find_attribute(user, "userName").expect("a")["required"],
            true
        );
        assert_eq!(attributes(user).len(), 2);
        assert_eq!(directories(&s).len(), 3);
        assert!(find_object_mut(&mut s, "API", "user").is_none());
    }
}
