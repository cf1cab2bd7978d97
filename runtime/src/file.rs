//! [`File`]: the Rust type of a binary value (`format: binary`, Swagger 2.0's `type: file`).

use std::fmt;

use std::cell::RefCell;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A binary value: a file's bytes, with the file name and media type a `multipart/form-data`
/// part carries.
///
/// In a multipart body, a `File` is a file part: `filename` is [`File::name`] (or the
/// property's name), its `Content-Type` is [`File::content_type`] (or the media type the
/// spec's `encoding` gives the property, or `application/octet-stream`). Anywhere else JSON
/// has no bytes, so a `File` is written as a string, which must then be UTF-8, and read from
/// one.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct File {
    /// The file name a part carries (`filename="cat.png"`).
    pub name: Option<String>,
    /// The media type a part carries (`image/png`).
    pub content_type: Option<String>,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file of these bytes, without a name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> File {
        File {
            name: None,
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// The file, named `name`.
    pub fn name(mut self, name: impl Into<String>) -> File {
        self.name = Some(name.into());
        self
    }

    /// The file, of media type `content_type`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reads a file from `reader` (a `std::fs::File`, a socket...) to its end.
    pub fn read(mut reader: impl std::io::Read) -> std::io::Result<File> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        Ok(File::new(bytes))
    }
}

/// The name, media type and size, not the bytes: a file can be large.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> File {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> File {
        File::new(bytes)
    }
}

impl From<String> for File {
    fn from(text: String) -> File {
        File::new(text)
    }
}

impl From<&str> for File {
    fn from(text: &str) -> File {
        File::new(text)
    }
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Inside a multipart body: a placeholder for the writer to make a file part of.
        if let Some(index) = stash(|files| {
            files.push(self.clone());
            files.len() - 1
        }) {
            let mut placeholder = serializer.serialize_map(Some(1))?;
            placeholder.serialize_entry(PLACEHOLDER, &index)?;
            return placeholder.end();
        }
        let text = std::str::from_utf8(&self.bytes).map_err(|_| {
            serde::ser::Error::custom(
                "a binary value that is not UTF-8 cannot be written as a JSON string",
            )
        })?;
        serializer.serialize_str(text)
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<File, D::Error> {
        deserializer.deserialize_any(FileVisitor)
    }
}

struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = File;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a file or a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<File, E> {
        Ok(File::new(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<File, E> {
        Ok(File::new(text))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<File, E> {
        Ok(File::new(bytes))
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<File, E> {
        Ok(File::new(bytes))
    }

    /// A placeholder the multipart reader put where a file part was.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<File, A::Error> {
        let not_a_file = || de::Error::invalid_type(de::Unexpected::Map, &FileVisitor);
        match map.next_key::<String>()? {
            Some(key) if key == PLACEHOLDER => {}
            _ => return Err(not_a_file()),
        }
        let index: usize = map.next_value()?;
        stash(|files| files.get(index).cloned())
            .flatten()
            .ok_or_else(not_a_file)
    }
}

/// The key of the object that stands for a file while a multipart body goes through JSON.
pub(crate) const PLACEHOLDER: &str = "$typewright::file";

thread_local! {
    /// The files of the multipart body being written or read on this thread.
    static STASH: RefCell<Option<Vec<File>>> = const { RefCell::new(None) };
}

fn stash<R>(f: impl FnOnce(&mut Vec<File>) -> R) -> Option<R> {
    STASH.with(|stash| stash.borrow_mut().as_mut().map(f))
}

/// Runs `f` with `files` stashed: each [`File`] serialized meanwhile is added to them and
/// written as a placeholder (`{PLACEHOLDER: index}`), and each placeholder read meanwhile is
/// read as the file it indexes. Returns what `f` returned and the files.
pub(crate) fn with_stash<R>(files: Vec<File>, f: impl FnOnce() -> R) -> (R, Vec<File>) {
    struct Restore(Option<Vec<File>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            STASH.with(|stash| *stash.borrow_mut() = previous);
        }
    }
    let previous = STASH.with(|stash| stash.borrow_mut().replace(files));
    let restore = Restore(previous);
    let result = f();
    let files = STASH
        .with(|stash| stash.borrow_mut().take())
        .unwrap_or_default();
    drop(restore);
    (result, files)
}

/// A placeholder for stashed file `index`, as the multipart reader builds a body's JSON.
pub(crate) fn placeholder(index: usize) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    map.insert(PLACEHOLDER.to_string(), index.into());
    serde_json::Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::File;

    #[test]
    fn in_json_a_file_is_its_text() {
        let file = File::new("hello").name("a.txt");
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"hello\"");
        let read: File = serde_json::from_str("\"hello\"").unwrap();
        assert_eq!(read.bytes, b"hello");
        assert_eq!(read.name, None);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_as_json_not_mangled() {
        let error = serde_json::to_string(&File::new(vec![0xff, 0xfe])).unwrap_err();
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    fn debug_shows_the_size_not_the_bytes() {
        let shown = format!("{:?}", File::new(vec![7; 1000]).content_type("image/png"));
        assert!(
            shown.contains("len: 1000") && shown.contains("image/png"),
            "{shown}"
        );
        assert!(!shown.contains("7, 7"), "{shown}");
    }
}
