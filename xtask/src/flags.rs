//! The command-line syntax both commands share: `--flag value` or `--flag=value`.

/// Reads flags one by one from the arguments of a command.
pub struct Flags<'a> {
    rest: std::slice::Iter<'a, String>,
    inline: Option<&'a str>,
}

impl<'a> Flags<'a> {
    /// Flags from `args`, the arguments after the command name.
    pub fn new(args: &'a [String]) -> Self {
        Flags {
            rest: args.iter(),
            inline: None,
        }
    }

    /// The next flag, without its `=value` part.
    pub fn next_flag(&mut self) -> Option<&'a str> {
        let arg = self.rest.next()?;
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                self.inline = Some(value);
                Some(flag)
            }
            _ => {
                self.inline = None;
                Some(arg)
            }
        }
    }

    /// The value of the flag just read: after its `=`, else the next argument.
    pub fn value(&mut self) -> Option<String> {
        self.inline
            .take()
            .or_else(|| self.rest.next().map(String::as_str))
            .map(str::to_owned)
    }

    /// True when the flag just read came with an `=value` (wrong for a switch).
    pub fn has_inline_value(&self) -> bool {
        self.inline.is_some()
    }
}
