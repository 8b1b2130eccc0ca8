//! What a handler answers: an HTTP response, or a connection dropped without one.

/// One HTTP response (status, headers, body), or an instruction to drop the connection.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Response {
        /// HTTP status code.
        status: u16,
        /// Headers besides `content-length` (added by the server).
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
    },
    /// Close the connection without answering (a network failure as the client sees it).
    Drop,
}

impl Reply {
    /// An XML response (`text/xml`, as EC2 and STS send).
    pub fn xml(status: u16, body: String) -> Reply {
        Reply::with_type(status, "text/xml;charset=UTF-8", body)
    }

    /// A JSON response (`application/json`).
    pub fn json(status: u16, body: String) -> Reply {
        Reply::with_type(status, "application/json", body)
    }

    fn with_type(status: u16, content_type: &str, body: String) -> Reply {
        Reply::Response {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body,
        }
    }

    /// The same reply with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Response { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// The same reply with its content type replaced.
    pub fn with_content_type(mut self, content_type: &str) -> Reply {
        if let Reply::Response { headers, .. } = &mut self {
            headers.retain(|(name, _)| name != "content-type");
            headers.push(("content-type".to_owned(), content_type.to_owned()));
        }
        self
    }

    /// The HTTP status, or `None` for a dropped connection.
    pub fn status(&self) -> Option<u16> {
        match self {
            Reply::Response { status, .. } => Some(*status),
            Reply::Drop => None,
        }
    }
}
