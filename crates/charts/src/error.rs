//! The crate's one error type: what can go wrong between a spec and SVG text or PNG bytes.

/// Errors of rendering a chart.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The spec cannot be drawn, for example a heat map row whose cell count differs from the
    /// column count.
    #[error("invalid chart spec: {reason}")]
    InvalidSpec { reason: String },
    /// plotters failed while drawing into the SVG buffer.
    #[error("drawing the chart failed: {message}")]
    Draw { message: String },
    /// The bundled font could not be loaded (a build problem, never the machine's fonts).
    #[error("the bundled font {name} could not be loaded")]
    Font { name: &'static str },
    /// resvg could not parse the SVG we produced.
    #[error("rasterising the SVG failed: {message}")]
    Rasterise { message: String },
    /// The PNG size is zero or too large for a pixmap.
    #[error("invalid PNG size {width}x{height}")]
    PngSize { width: u32, height: u32 },
    /// The chart would draw more rows than anyone can read, and more than the rasteriser
    /// parses (a heat map of 11,000 members failed after 23 s): a smaller group or the table.
    #[error("the chart would draw {rows} rows, at most {max}")]
    TooLarge { rows: usize, max: usize },
    /// Encoding the pixmap as PNG failed.
    #[error("encoding the PNG failed: {message}")]
    PngEncode { message: String },
}

impl ChartError {
    pub(crate) fn invalid(reason: impl Into<String>) -> Self {
        Self::InvalidSpec {
            reason: reason.into(),
        }
    }

    pub(crate) fn draw(err: impl std::fmt::Display) -> Self {
        Self::Draw {
            message: err.to_string(),
        }
    }
}

/// Result with [`ChartError`].
pub type Result<T, E = ChartError> = std::result::Result<T, E>;
