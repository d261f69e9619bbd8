//! A chart answered over HTTP: drawn and (for PNG) rasterised at twice the density off the
//! async workers, within the CPU-job bound (`vergleich_service::work`), as SVG or PNG. Shared by
//! every route that draws a chart from a view it has already read.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use vergleich_charts::{ChartError, PngScale, SvgChart};

use crate::error::{AppError, ErrorCode};
use crate::negotiate::Format;
use crate::state::AppState;

/// Draws `draw` and answers it as PNG when `format` is PNG, else as SVG.
pub(crate) async fn chart<F>(
    state: &AppState,
    format: Format,
    draw: F,
) -> Result<Response, AppError>
where
    F: FnOnce() -> Result<SvgChart, ChartError> + Send + 'static,
{
    let png = format == Format::Png;
    let drawn = state
        .work
        .run(move || -> Result<Vec<u8>, ChartError> {
            let svg = draw()?;
            if png {
                Ok(svg.to_png(PngScale::X2)?.png)
            } else {
                Ok(svg.svg.into_bytes())
            }
        })
        .await;
    let failed = |cause: anyhow::Error| {
        let mut err = AppError::new(
            ErrorCode::Internal,
            "Die Grafik konnte nicht erstellt werden.",
            "The chart could not be made.",
        );
        err.source = Some(cause);
        err
    };
    let bytes = match drawn {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => return Err(failed(e.into())),
        Err(e) => return Err(failed(anyhow::anyhow!("chart job stopped: {e}"))),
    };
    let media = if png { Format::Png } else { Format::Svg };
    Ok(([(header::CONTENT_TYPE, media.media_type())], bytes).into_response())
}
