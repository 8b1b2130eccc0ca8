//! The message the shell shows under the top bar until dismissed: what a command did, a
//! warning (unreadable settings) or an error (an import refused), each in its colour.

/// A message under the top bar until dismissed: what a command did, or why it could not.
#[derive(Clone, Debug)]
pub(super) struct Notice {
    pub(super) text: String,
    pub(super) kind: NoticeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NoticeKind {
    Done,
    Warning,
    Error,
}

impl Notice {
    pub(super) fn done(text: String) -> Notice {
        Notice {
            text,
            kind: NoticeKind::Done,
        }
    }

    pub(super) fn warning(text: String) -> Notice {
        Notice {
            text,
            kind: NoticeKind::Warning,
        }
    }

    pub(super) fn error(text: String) -> Notice {
        Notice {
            text,
            kind: NoticeKind::Error,
        }
    }

    /// What was done, or the error.
    pub(super) fn of(result: Result<String, String>) -> Notice {
        match result {
            Ok(text) => Notice::done(text),
            Err(text) => Notice::error(text),
        }
    }
}
