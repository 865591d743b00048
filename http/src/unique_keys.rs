//! Reading a JSON document that names every key at most once per object.
//!
//! RFC 8259 leaves duplicate keys to the reader, and `serde_json` keeps the last: a client (or a
//! proxy that merged two documents) would then have one value recorded while it may believe the
//! other was. We refuse the document instead, naming the key by its path.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why a body could not be read as a document.
#[derive(Debug)]
pub enum DocumentError {
    /// Not JSON at all (or nested too deeply).
    Syntax(serde_json::Error),
    /// An object names this key twice; the path is written as `changes.location` or `items[2].id`.
    DuplicateKey(String),
}

/// Parses `bytes` into a document, refusing an object that repeats a key at any depth.
pub fn parse(bytes: &[u8]) -> Result<Value, DocumentError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut duplicate = None;
    let value = Node { path: String::new(), duplicate: &mut duplicate }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match (value, duplicate) {
        (_, Some(path)) => Err(DocumentError::DuplicateKey(path)),
        (Ok(value), None) => Ok(value),
        (Err(error), None) => Err(DocumentError::Syntax(error)),
    }
}

/// One value of the document at `path`; records the first repeated key in `duplicate`.
struct Node<'d> {
    path: String,
    duplicate: &'d mut Option<String>,
}

impl Node<'_> {
    fn child(&mut self, segment: &str) -> Node<'_> {
        Node { path: format!("{}{segment}", self.path), duplicate: self.duplicate }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = items.next_element_seed(self.child(&format!("[{}]", values.len())))? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut entries: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let segment = if self.path.is_empty() { key.clone() } else { format!(".{key}") };
            if map.contains_key(&key) {
                let path = self.child(&segment).path;
                *self.duplicate = Some(path.clone());
                return Err(serde::de::Error::custom(format!("the key `{path}` appears twice")));
            }
            let value = entries.next_value_seed(self.child(&segment))?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{parse, DocumentError};

    fn duplicate(text: &str) -> Option<String> {
        match parse(text.as_bytes()) {
            Err(DocumentError::DuplicateKey(path)) => Some(path),
            _ => None,
        }
    }

    #[test]
    fn a_repeated_key_is_named_by_its_path_at_any_depth() {
        assert_eq!(duplicate(r#"{"a": 1, "a": 2}"#).as_deref(), Some("a"));
        assert_eq!(
            duplicate(r#"{"changes": {"location": "x", "location": "y"}}"#).as_deref(),
            Some("changes.location")
        );
        assert_eq!(
            duplicate(r#"{"items": [{"id": 1}, {"id": 2, "id": 3}]}"#).as_deref(),
            Some("items[1].id")
        );
    }

    #[test]
    fn documents_without_repeats_read_as_serde_json_reads_them() {
        let text = r#"{"a": [1, -2, 3.5, "x", null, true], "b": {"a": {}}, "big": 18446744073709551615}"#;
        assert_eq!(parse(text.as_bytes()).ok(), serde_json::from_str(text).ok());
        assert_eq!(parse(b"[]").ok(), Some(json!([])));
        assert!(matches!(parse(b"{\"a\": }"), Err(DocumentError::Syntax(_))));
        assert!(matches!(parse(b"{} {}"), Err(DocumentError::Syntax(_))));
    }
}
