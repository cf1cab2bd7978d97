//! Struct serde impls shared by every generated struct. serde's derive writes,
//! per struct, a field-identifier enum with three visitors, a `visit_seq` for reading a struct
//! from an array (which no JSON schema describes) and a wrapper type per `deserialize_with`
//! field; rustc type-checks and borrow-checks all of it once per struct. A generated struct
//! instead implements [`FromMap`] (one loop over its keys, one line per field) and its
//! `Deserialize` impl calls [`from_map`]; the visitor, the key lookup and the per-field
//! bookkeeping live here, once.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::checks::{Checked, Rule, Rules, check, check_secret};
use crate::path::{self, Segment};

/// A struct read from a map of its keys.
pub trait FromMap<'de>: Sized {
    /// The struct's name, for "expected struct NAME" errors.
    const NAME: &'static str;
    /// The keys it declares, in declaration order: [`Fields::next_key`] returns indices into it.
    const FIELDS: &'static [&'static str];
    /// Reads the struct from the entries of a map.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The whole `Deserialize::deserialize` of a generated struct.
pub fn from_map<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromMap<'de>,
{
    struct MapVisitor<T>(PhantomData<T>);
    impl<'de, T: FromMap<'de>> Visitor<'de> for MapVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

/// A generated struct's map being read: the keys it declares, and which one was read last.
pub struct Fields<A> {
    map: A,
    names: &'static [&'static str],
    closed: bool,
    current: usize,
}

impl<'de, A: MapAccess<'de>> Fields<A> {
    /// Reads `map` as the entries of a struct that declares the keys `names`; a `closed`
    /// struct refuses others.
    pub fn new(map: A, names: &'static [&'static str], closed: bool) -> Self {
        Fields {
            map,
            names,
            closed,
            current: 0,
        }
    }

    /// The index in `names` of the next declared key, skipping (or, when closed, refusing
    /// with serde's "unknown field" error) keys the struct does not declare; `None` at the
    /// end of the map.
    pub fn next_key(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            let key = Key {
                names: self.names,
                closed: self.closed,
            };
            match self.map.next_key_seed(key)? {
                None => return Ok(None),
                Some(Some(index)) => {
                    self.current = index;
                    return Ok(Some(index));
                }
                Some(None) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }

    /// Reads the value of the key just returned by [`Fields::next_key`] into `slot`; a second
    /// occurrence of the key is serde's "duplicate field" error, as with the derive.
    pub fn read<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        self.read_seed(slot, PhantomData)
    }

    /// [`Fields::read`] for a field with validation keywords: the value must keep `rules`
    /// ([`check`]); with `secret`, the error leaves the value out ([`check_secret`]).
    pub fn read_checked<T>(
        &mut self,
        slot: &mut Option<T>,
        rules: &[Rule],
        secret: bool,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de> + Checked,
    {
        self.read_nested(slot, rules, secret)
    }

    /// [`Fields::read_checked`] for a field whose items or values have validation keywords
    /// of their own, at any depth ([`Rules`]: `Each { own: &[..], items: &[..] }`).
    pub fn read_nested<T, R>(
        &mut self,
        slot: &mut Option<T>,
        rules: &R,
        secret: bool,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
        R: Rules<T> + ?Sized,
    {
        let checks = Checks {
            rules,
            secret,
            value: PhantomData,
        };
        self.read_seed(slot, checks)
    }

    /// [`Fields::read_checked`] for an array or a map of generated types (or an `Option` of
    /// one): an error inside an item names its index or key (`prices[0].price_amount: ..`).
    pub fn read_items<T>(
        &mut self,
        slot: &mut Option<T>,
        rules: &[Rule],
        secret: bool,
    ) -> Result<(), A::Error>
    where
        T: Items<'de> + Checked,
    {
        let items = ItemsSeed {
            rules,
            secret,
            value: PhantomData,
        };
        self.read_seed(slot, items)
    }

    /// Reads the value into `slot`; an error from inside it is prefixed with the key.
    fn read_seed<S>(&mut self, slot: &mut Option<S::Value>, seed: S) -> Result<(), A::Error>
    where
        S: DeserializeSeed<'de>,
    {
        let name = self.names[self.current];
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        let value = self
            .map
            .next_value_seed(seed)
            .map_err(|error| path::under(Segment::Key(name), error))?;
        *slot = Some(value);
        Ok(())
    }

    /// serde's "missing field" error, for a required key that was absent.
    pub fn missing(&self, name: &'static str) -> A::Error {
        de::Error::missing_field(name)
    }
}

/// Reads a key as its index in `names` (`None` for an undeclared key), borrowing the text
/// where the format allows.
struct Key {
    names: &'static [&'static str],
    closed: bool,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        let index = self.names.iter().position(|f| *f == key);
        match index {
            None if self.closed => Err(E::unknown_field(key, self.names)),
            _ => Ok(index),
        }
    }
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            // Not text, so no declared key.
            Err(_) if self.closed => {
                Err(E::unknown_field(&String::from_utf8_lossy(key), self.names))
            }
            Err(_) => Ok(None),
        }
    }
}

struct Checks<'r, T, R: ?Sized> {
    rules: &'r R,
    secret: bool,
    value: PhantomData<T>,
}

impl<'de, T, R> DeserializeSeed<'de> for Checks<'_, T, R>
where
    T: Deserialize<'de>,
    R: Rules<T> + ?Sized,
{
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        if self.secret {
            check_secret(deserializer, self.rules)
        } else {
            check(deserializer, self.rules)
        }
    }
}

/// An array or a map of values (or an `Option` of one), read so that an error inside an item
/// names the item: what [`Fields::read_items`] reads.
pub trait Items<'de>: Sized {
    /// Reads the collection, prefixing each item's error with its index or key.
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<'de, T: Deserialize<'de>> Items<'de> for Vec<T> {
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Seq<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Seq<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                // serde's own cap on what a size hint may reserve.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                loop {
                    let index = items.len();
                    match seq.next_element() {
                        Ok(Some(item)) => items.push(item),
                        Ok(None) => return Ok(items),
                        Err(error) => return Err(path::under(Segment::Index(index), error)),
                    }
                }
            }
        }
        deserializer.deserialize_seq(Seq(PhantomData))
    }
}

/// The maps a generated type may hold: filled one entry at a time.
trait StringMap<T>: Default {
    fn put(&mut self, key: String, value: T);
}

impl<T> StringMap<T> for std::collections::BTreeMap<String, T> {
    fn put(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
}

impl<T, S: std::hash::BuildHasher + Default> StringMap<T>
    for std::collections::HashMap<String, T, S>
{
    fn put(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
}

#[cfg(feature = "indexmap")]
impl<T, S: std::hash::BuildHasher + Default> StringMap<T> for indexmap::IndexMap<String, T, S> {
    fn put(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
}

/// A map's entries, each value's error prefixed with its key.
struct Entries<M, T>(PhantomData<(M, T)>);

impl<'de, M: StringMap<T>, T: Deserialize<'de>> Visitor<'de> for Entries<M, T> {
    type Value = M;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let mut entries = M::default();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value() {
                Ok(value) => entries.put(key, value),
                Err(error) => return Err(path::under(Segment::Key(&key), error)),
            }
        }
        Ok(entries)
    }
}

impl<'de, T: Deserialize<'de>> Items<'de> for std::collections::BTreeMap<String, T> {
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>, S: std::hash::BuildHasher + Default> Items<'de>
    for std::collections::HashMap<String, T, S>
{
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(feature = "indexmap")]
impl<'de, T: Deserialize<'de>, S: std::hash::BuildHasher + Default> Items<'de>
    for indexmap::IndexMap<String, T, S>
{
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

impl<'de, C: Items<'de>> Items<'de> for Option<C> {
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Maybe<C>(PhantomData<C>);
        impl<'de, C: Items<'de>> Visitor<'de> for Maybe<C> {
            type Value = Option<C>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a collection or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<C>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<C>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<C>, D::Error> {
                C::deserialize_items(d).map(Some)
            }
        }
        deserializer.deserialize_option(Maybe(PhantomData))
    }
}

struct ItemsSeed<'r, T> {
    rules: &'r [Rule],
    secret: bool,
    value: PhantomData<T>,
}

impl<'de, T: Items<'de> + Checked> DeserializeSeed<'de> for ItemsSeed<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let value = T::deserialize_items(deserializer)?;
        match Rules::violation(self.rules, &value) {
            None => Ok(value),
            Some(found) => Err(found.into_error(self.secret)),
        }
    }
}

/// A generated struct being written: the first error is kept and later writes are skipped,
/// so that `serialize` has one `?`-free call per field and one result at [`StructWriter::end`]
/// (serde's derive has a `?` per field, each a `Try` and a `From` for rustc to resolve).
pub struct StructWriter<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> StructWriter<S> {
    /// Starts struct `name` with `len` fields to write, as `serialize_struct` does.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Self {
        StructWriter {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Writes `key` with `value`.
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(state) = &mut self.state
            && let Err(error) = state.serialize_field(key, value)
        {
            self.state = Err(error);
        }
    }

    /// Writes an optional field when it is `Some` (also `Some(None)`, a present `null`), and
    /// tells the format the key is skipped when it is `None`, as the derive's
    /// `skip_serializing_if` does.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.field(key, value);
        } else if let Ok(state) = &mut self.state
            && let Err(error) = state.skip_field(key)
        {
            self.state = Err(error);
        }
    }

    /// Ends the struct, or returns the first error of any write.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pattern;

    /// What generated code writes for `{name: string (required, maxLength 3), note: string}`,
    /// closed or not.
    #[derive(Debug, PartialEq)]
    struct Pet<const CLOSED: bool> {
        name: String,
        note: Option<String>,
    }

    impl<'de, const CLOSED: bool> FromMap<'de> for Pet<CLOSED> {
        const NAME: &'static str = "Pet";
        const FIELDS: &'static [&'static str] = &["name", "note"];
        fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            static PATTERN: Pattern = Pattern::with_flags("^[a-z]+$", "");
            let mut map = Fields::new(map, Self::FIELDS, CLOSED);
            let (mut field0, mut field1) = (None, None);
            while let Some(index) = map.next_key()? {
                match index {
                    0 => map.read_checked(
                        &mut field0,
                        &[Rule::MaxLength(3), Rule::Pattern(&PATTERN)],
                        false,
                    ),
                    _ => map.read(&mut field1),
                }?;
            }
            let Some(field0) = field0 else {
                return Err(map.missing("name"));
            };
            Ok(Self {
                name: field0,
                note: Option::flatten(field1),
            })
        }
    }

    fn read<const CLOSED: bool>(json: &str) -> Result<Pet<CLOSED>, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        from_map(&mut de).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_read_as_serde_derive_reads_them() {
        let pet = read::<false>(r#"{"extra": [1, {"a": 2}], "n\u0061me": "rex", "note": null}"#);
        assert_eq!(
            pet,
            Ok(Pet {
                name: "rex".into(),
                note: None
            })
        );
        let error = |json| read::<false>(json).unwrap_err();
        assert!(error(r#"{"note": "x"}"#).starts_with("missing field `name`"));
        assert!(error(r#"{"name": "a", "name": "b"}"#).starts_with("duplicate field `name`"));
        assert!(
            error(r#"{"name": "abcd"}"#).starts_with("name: length 4 is above the maximum of 3")
        );
        assert!(error(r#"{"name": "A"}"#).starts_with("name: `A` does not match the pattern"));
        // A struct is an object: serde's derive also read `["rex", null]` as one.
        assert!(
            error(r#"["rex", null]"#).starts_with("invalid type: sequence, expected struct Pet")
        );
        let closed = read::<true>(r#"{"name": "a", "tag": 1}"#).unwrap_err();
        assert!(
            closed.starts_with("unknown field `tag`, expected `name` or `note`"),
            "{closed}"
        );
    }

    impl<'de, const CLOSED: bool> Deserialize<'de> for Pet<CLOSED> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            from_map(deserializer)
        }
    }

    /// What generated code writes for `{pets: [Pet]}`: an error inside an item names it.
    #[derive(Debug)]
    struct Owner {
        pets: Vec<Pet<false>>,
    }

    impl<'de> FromMap<'de> for Owner {
        const NAME: &'static str = "Owner";
        const FIELDS: &'static [&'static str] = &["pets"];
        fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            let mut map = Fields::new(map, Self::FIELDS, false);
            let mut field0 = None;
            while map.next_key()?.is_some() {
                map.read_items(&mut field0, &[Rule::MaxItems(2)], false)?;
            }
            let Some(pets) = field0 else {
                return Err(map.missing("pets"));
            };
            Ok(Self { pets })
        }
    }

    #[test]
    fn errors_name_the_path_from_the_root() {
        let read = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            from_map::<_, Owner>(&mut de).map_err(|e| e.to_string())
        };
        assert_eq!(read(r#"{"pets": [{"name": "ab"}]}"#).unwrap().pets.len(), 1);
        let deep = read(r#"{"pets": [{"name": "ab"}, {"name": "abcd"}]}"#).unwrap_err();
        assert!(
            deep.starts_with("pets[1].name: length 4 is above the maximum of 3 at line 1"),
            "{deep}"
        );
        let typed = read(r#"{"pets": [{"name": 7}]}"#).unwrap_err();
        assert!(
            typed.starts_with("pets[0].name: invalid type: integer `7`, expected a string"),
            "{typed}"
        );
        let many = read(r#"{"pets": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}"#).unwrap_err();
        assert!(
            many.starts_with("pets: 3 items, above the maximum of 2"),
            "{many}"
        );
    }

    #[test]
    fn fields_read_from_a_buffered_value() {
        let value = serde_json::json!({"name": "ab", "other": true});
        let pet: Pet<false> = from_map(value).unwrap();
        assert_eq!(pet.name, "ab");
    }

    /// What generated code writes for `{name: string (required), note: string, nullable}`.
    struct Note {
        name: String,
        note: Option<Option<String>>,
    }

    impl Serialize for Note {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = 1 + usize::from(self.note.is_some());
            let mut map = StructWriter::new(serializer, "Note", len);
            map.field("name", &self.name);
            map.optional("note", &self.note);
            map.end()
        }
    }

    #[test]
    fn struct_writer_writes_as_serde_derive_writes() {
        let text = |note| {
            serde_json::to_string(&Note {
                name: "a\"b".into(),
                note,
            })
            .unwrap()
        };
        assert_eq!(text(None), r#"{"name":"a\"b"}"#);
        assert_eq!(text(Some(None)), r#"{"name":"a\"b","note":null}"#);
        assert_eq!(
            text(Some(Some("n".into()))),
            r#"{"name":"a\"b","note":"n"}"#
        );
    }

    #[test]
    fn struct_writer_keeps_the_first_error() {
        // A JSON map key must be a string: a struct as a key fails as it starts, the writes
        // after that are skipped, and `end` returns that first error.
        let mut map = std::collections::BTreeMap::new();
        map.insert(KeyStruct { a: 1, b: 2 }, 0);
        let error = serde_json::to_string(&map).unwrap_err().to_string();
        assert!(error.contains("key must be a string"), "{error}");
    }

    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    struct KeyStruct {
        a: i32,
        b: i32,
    }

    impl Serialize for KeyStruct {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = StructWriter::new(serializer, "KeyStruct", 2);
            map.field("a", &self.a);
            map.field("b", &self.b);
            map.end()
        }
    }
}
