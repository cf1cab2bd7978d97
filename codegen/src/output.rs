//! Passes 6 and 7: `format` the tokens with prettyplease, and `write` only when the content
//! changed, so an unchanged spec never bumps the file's mtime and never rebuilds dependents.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::{Mutex, mpsc};

use proc_macro2::TokenStream;

use crate::emit::Module;

/// Pretty-prints the generated modules, a batch of items at a time, below a header saying
/// where they came from. Emitting stays on this thread (the tokens cannot leave it); parsing
/// and printing, most of the work, run on the other cores, from the items' text.
pub fn format(modules: Vec<Module<'_>>, header: &str) -> Result<String, String> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let (jobs, job_queue) = mpsc::sync_channel::<(usize, String)>(workers * 2);
    let job_queue = Mutex::new(job_queue);
    let (done, finished) = mpsc::channel();
    let code = std::thread::scope(|scope| {
        for _ in 0..workers {
            let (job_queue, done) = (&job_queue, done.clone());
            scope.spawn(move || {
                // The lock is held only to take a job; a closed queue ends the worker.
                while let Some((index, text)) = job_queue.lock().ok().and_then(|q| q.recv().ok()) {
                    if done.send((index, format_items(&text))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut output = Output {
            code: format!("{header}\n"),
            jobs: Some(jobs),
            finished,
            count: 0,
            written: 0,
            waiting: BTreeMap::new(),
        };
        for module in modules {
            let head = unparse(module.head)?;
            // The head ends with its body's closing brace: the items go before it.
            let body_end = head.trim_end().len() - 1;
            output.push_text(head[..body_end].to_string());
            let mut batch = String::new();
            for item in module.items {
                batch.push_str(&item.to_string());
                batch.push('\n');
                if batch.len() >= BATCH_BYTES {
                    output.send(std::mem::take(&mut batch))?;
                }
            }
            if !batch.is_empty() {
                output.send(batch)?;
            }
            output.push_text(head[body_end..].to_string());
        }
        output.finish()
    })?;
    Ok(escape_bidi(code))
}

/// About this much item text goes to a thread at a time: enough to pay for the hand-over,
/// little enough to keep every core busy.
const BATCH_BYTES: usize = 16 * 1024;

/// Items, as text, formatted inside a module, as they will stand, so that the line width and
/// the indentation are those of the whole file formatted at once.
fn format_items(items: &str) -> Result<String, String> {
    let file: syn::File = syn::parse_str(&format!("mod m {{\n{items}}}")).map_err(invalid)?;
    let text = prettyplease::unparse(&file);
    text.strip_prefix("mod m {\n")
        .and_then(|rest| rest.strip_suffix("}\n"))
        .map(str::to_string)
        .ok_or_else(|| "typewright formatted an item unexpectedly (a bug; please report it)".into())
}

/// The output in order, from pieces that finish out of order: text of the module heads, and
/// batches of items that the threads format.
struct Output {
    code: String,
    /// Closed (`None`) once every batch is handed out, which ends the threads.
    jobs: Option<mpsc::SyncSender<(usize, String)>>,
    finished: mpsc::Receiver<(usize, Result<String, String>)>,
    /// How many pieces have been handed out.
    count: usize,
    /// How many are in `code`.
    written: usize,
    /// Finished pieces waiting for an earlier one.
    waiting: BTreeMap<usize, String>,
}

impl Output {
    fn push_text(&mut self, text: String) {
        self.count += 1;
        self.arrive(self.count - 1, text);
    }

    /// Hands a batch of items to a thread, then writes what has finished, without waiting.
    fn send(&mut self, items: String) -> Result<(), String> {
        let jobs = self.jobs.as_ref().ok_or(STOPPED)?;
        jobs.send((self.count, items)).map_err(|_| STOPPED)?;
        self.count += 1;
        while let Ok((index, text)) = self.finished.try_recv() {
            self.arrive(index, text?);
        }
        Ok(())
    }

    fn arrive(&mut self, index: usize, text: String) {
        self.waiting.insert(index, text);
        while let Some(text) = self.waiting.remove(&self.written) {
            self.code.push_str(&text);
            self.written += 1;
        }
    }

    /// Waits for every piece; closing the queue ends the threads.
    fn finish(mut self) -> Result<String, String> {
        self.jobs = None;
        while self.written < self.count {
            let (index, text) = self.finished.recv().map_err(|_| STOPPED)?;
            self.arrive(index, text?);
        }
        Ok(self.code)
    }
}

const STOPPED: &str = "typewright's formatting threads stopped (a bug; please report it)";

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(invalid)?;
    Ok(prettyplease::unparse(&file))
}

fn invalid(err: syn::Error) -> String {
    format!("typewright produced invalid Rust (a bug; please report it): {err}")
}

/// Writes the bidirectional controls (`U+202A..=U+202E`, `U+2066..=U+2069`) as `\u{..}`
/// escapes. Raw, they can make code read differently from what it does, and rustc denies
/// them in comments and literals; escaped, a string literal keeps its value (the output has
/// no raw strings) and a doc comment shows where they were.
fn escape_bidi(code: String) -> String {
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !code.contains(is_bidi) {
        return code;
    }
    let mut out = String::with_capacity(code.len() + 16);
    for c in code.chars() {
        if is_bidi(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes `contents` to `path` unless the file already holds exactly that.
/// Returns whether the file was written.
pub fn write(path: &Path, contents: &str) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn module(items: Vec<TokenStream>) -> Vec<Module<'static>> {
        let head = quote! {
            /// Docs.
            pub mod pets {
                use std::fmt;
            }
        };
        vec![Module {
            head,
            items: Box::new(items.into_iter()),
        }]
    }

    #[test]
    fn formats_item_by_item_as_one_file_would() {
        let items = vec![
            quote! { pub struct A { pub b: u8 } },
            quote! { pub struct C; impl C { fn d() {} } },
        ];
        let code = format(module(items.clone()), "// header").unwrap();
        let whole = quote! { /// Docs.
        pub mod pets { use std::fmt; #(#items)* } };
        let file: syn::File = syn::parse2(whole).unwrap();
        assert_eq!(code, format!("// header\n{}", prettyplease::unparse(&file)));
        assert_eq!(
            format(module(Vec::new()), "").unwrap(),
            "\n/// Docs.\npub mod pets {\n    use std::fmt;\n}\n"
        );
    }

    #[test]
    fn invalid_tokens_are_an_error_not_a_panic() {
        assert!(format(module(vec![quote! { pub struct }]), "").is_err());
    }

    #[test]
    fn unchanged_content_keeps_the_mtime() {
        let dir = std::env::temp_dir().join(format!("typewright-write-{}", std::process::id()));
        let path = dir.join("out.rs");
        assert!(write(&path, "a").unwrap());
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!write(&path, "a").unwrap());
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        assert!(write(&path, "b").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
