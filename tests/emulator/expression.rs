//! The emulator's own parseExpression: a small parser for mapping expressions that builds
//! attributeMappingSource trees with the service's parameter keys, taken from
//! docs/expression-functions.tsv (`api_keys`). It deliberately shares no code with
//! `entra_schema::expression`, so tests of the project's tree builder are not circular.
//!
//! Keys marked GUESS are not documented anywhere; they only matter if a test fills those slots.

use serde_json::{Value, json};

/// Parameter keys by position. `repeat_last`: the last key repeats for extra arguments.
fn api_keys(function: &str) -> Option<(&'static [&'static str], bool)> {
    Some(match function {
        "Append" => (&["source", "suffix"], false),
        "AppRoleAssignments"
        | "SingleAppRoleAssignment"
        | "RemoveDuplicates"
        | "Not"
        | "Trim"
        | "IsPresent"
        | "DateFromNum" => (&["source"], false),
        "BitAnd" => (&["left", "right"], false),
        "Error" => (&["message"], false),
        "FormatDateTime" => (&["source", "inputFormat", "outputFormat"], false),
        "Item" => (&["source", "index"], false),
        "Join" => (&["separator", "source"], true),
        "Left" => (&["source", "length"], false),
        "Mid" => (&["source", "start", "length"], false),
        // Positions 3, 4, 6 and 7 are GUESSES (undocumented keys).
        "Replace" => (
            &[
                "source",
                "Find",
                "regexPattern",
                "regexGroupName",
                "Replacement",
                "replacementAttributeName",
                "template",
            ],
            false,
        ),
        // GUESS: the documented parameter names, not verified against the service.
        "ToLower" | "ToUpper" => (&["source", "culture"], false),
        "StripSpaces" | "NormalizeDiacritics" | "IsNullOrEmpty" | "IgnoreFlowIfNullOrEmpty" => {
            (&["source"], false)
        }
        "Split" => (&["source", "delimiter"], false),
        "Guid" | "Now" => (&[], false),
        _ => return None,
    })
}

#[derive(Debug)]
enum Node {
    Attribute(String),
    Constant(String, String),
    Call {
        name: String,
        args: Vec<Option<Arg>>,
        text: String,
    },
}

#[derive(Debug)]
struct Arg {
    node: Node,
    comparison: Option<(String, Node)>,
}

/// Parse `text` into a tree, or an error message like the service's.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        src: text,
        i: 0,
    };
    p.ws();
    let node = p.operand()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("Unexpected character at position {}", p.i));
    }
    to_tree(&node)
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn operand(&mut self) -> Result<Node, String> {
        match self.peek() {
            Some(b'[') => self.attribute(),
            Some(b'"') => self.string(),
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'&' => {
                let start = self.i;
                self.i += 1;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.')
                {
                    self.i += 1;
                }
                let lit = &self.src[start..self.i];
                Ok(Node::Constant(lit.to_string(), format!("\"{lit}\"")))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                    self.i += 1;
                }
                let name = self.src[start..self.i].to_string();
                self.ws();
                if self.peek() != Some(b'(') {
                    return Ok(Node::Constant(name.clone(), format!("\"{name}\"")));
                }
                self.i += 1;
                let args = self.args()?;
                Ok(Node::Call {
                    name,
                    args,
                    text: self.src[start..self.i].to_string(),
                })
            }
            _ => Err(format!("Expected an operand at position {}", self.i)),
        }
    }

    fn args(&mut self) -> Result<Vec<Option<Arg>>, String> {
        let mut args = Vec::new();
        self.ws();
        if self.peek() == Some(b')') {
            self.i += 1;
            return Ok(args);
        }
        loop {
            self.ws();
            let arg = match self.peek() {
                Some(b',') | Some(b')') => None,
                _ => {
                    let node = self.operand()?;
                    self.ws();
                    let comparison = self.comparison_op().map(|op| -> Result<_, String> {
                        self.ws();
                        Ok((op, self.operand()?))
                    });
                    Some(Arg {
                        node,
                        comparison: comparison.transpose()?,
                    })
                }
            };
            args.push(arg);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b')') => {
                    self.i += 1;
                    return Ok(args);
                }
                _ => return Err(format!("Expected ',' or ')' at position {}", self.i)),
            }
        }
    }

    fn comparison_op(&mut self) -> Option<String> {
        for op in ["<>", ">=", "<=", "=", ">", "<"] {
            if self.src[self.i..].starts_with(op) {
                self.i += op.len();
                return Some(op.to_string());
            }
        }
        None
    }

    fn attribute(&mut self) -> Result<Node, String> {
        let start = self.i;
        let mut depth = 0usize;
        let mut quoted = false;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'"' => quoted = !quoted,
                b'[' if !quoted => depth += 1,
                b']' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Node::Attribute(self.src[start + 1..self.i - 1].to_string()));
                    }
                }
                _ => {}
            }
        }
        Err(format!(
            "Unterminated attribute reference at position {start}"
        ))
    }

    fn string(&mut self) -> Result<Node, String> {
        let start = self.i;
        self.i += 1;
        let mut value = String::new();
        let mut chars = self.src[self.i..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        value.push(e);
                    }
                }
                '"' => {
                    self.i += k + 1;
                    return Ok(Node::Constant(value, self.src[start..self.i].to_string()));
                }
                other => value.push(other),
            }
        }
        Err(format!("Unterminated string at position {start}"))
    }
}

fn leaf(kind: &str, name: &str, expression: &str) -> Value {
    json!({ "expression": expression, "name": name, "parameters": [], "type": kind })
}

fn to_tree(node: &Node) -> Result<Value, String> {
    Ok(match node {
        Node::Attribute(name) => leaf("Attribute", name, &format!("[{name}]")),
        Node::Constant(name, expression) => leaf("Constant", name, expression),
        Node::Call { name, args, text } => {
            let mut parameters = Vec::new();
            let param = |key: &str, value: Value| json!({ "key": key, "value": value });
            if name == "IIF" {
                if args.len() != 3 {
                    return Err(format!("IIF takes 3 arguments, got {}", args.len()));
                }
                let Some(cond) = &args[0] else {
                    return Err("IIF needs a condition".into());
                };
                parameters.push(param("one", to_tree(&cond.node)?));
                if let Some((op, rhs)) = &cond.comparison {
                    parameters.push(param("two", leaf("Constant", op, &format!("\"{op}\""))));
                    parameters.push(param("three", to_tree(rhs)?));
                }
                for (key, arg) in ["four", "five"].iter().zip(&args[1..]) {
                    if let Some(arg) = arg {
                        parameters.push(param(key, to_tree(&arg.node)?));
                    }
                }
            } else {
                let Some((keys, repeat)) = api_keys(name) else {
                    return Err(format!("Unknown function '{name}'"));
                };
                if args.len() > keys.len() && !repeat {
                    return Err(format!(
                        "Function '{name}' takes at most {} arguments, got {}",
                        keys.len(),
                        args.len()
                    ));
                }
                for (n, arg) in args.iter().enumerate() {
                    let key = keys.get(n).or(keys.last()).copied().unwrap_or("source");
                    if let Some(arg) = arg {
                        if arg.comparison.is_some() {
                            return Err(format!(
                                "A comparison is only accepted as the IIF condition (in '{name}')"
                            ));
                        }
                        parameters.push(param(key, to_tree(&arg.node)?));
                    }
                }
            }
            json!({ "expression": text, "name": name, "parameters": parameters, "type": "Function" })
        }
    })
}
