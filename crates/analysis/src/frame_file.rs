//! The observation frame as an Arrow IPC file (uncompressed, one record batch per chunk): what
//! a data state is kept on disk as between starts, so the first view after a start reads a
//! file instead of every row from the database (5.5 million rows: about a minute through the
//! SQLite driver). Only a file with exactly the columns [`crate::observations_frame`] builds
//! is read back; anything else is an error, never a different frame.

use std::io::{Read, Seek, Write};
use std::sync::Arc;

use polars::prelude::*;
use polars_arrow::io::ipc::{read, write};

use crate::error::AnalysisError;

/// Writes `frame` to `out` as an Arrow IPC file.
pub fn write_frame<W: Write>(frame: &DataFrame, out: W) -> Result<(), AnalysisError> {
    let mut frame = frame.clone();
    // One batch per chunk needs the columns' chunks aligned (cheap when they are already).
    frame.align_chunks_par();
    let schema = frame.schema().to_arrow(CompatLevel::newest());
    let options = write::WriteOptions { compression: None };
    let mut writer = write::FileWriter::try_new(out, Arc::new(schema), None, options)?;
    for batch in frame.iter_chunks(CompatLevel::newest(), true) {
        writer.write(&batch, None)?;
    }
    writer.finish()?;
    Ok(())
}

/// Reads a frame written by [`write_frame`]; an error when the file's columns are not those of
/// an observation frame (another version's layout, another file).
pub fn read_frame<R: Read + Seek>(mut input: R) -> Result<DataFrame, AnalysisError> {
    let metadata = read::read_file_metadata(&mut input)?;
    let expected = crate::observations_frame(&[])?;
    let schema = Schema::from_arrow_schema(&metadata.schema);
    if &schema != expected.schema().as_ref() {
        return Err(AnalysisError::InvalidOptions {
            message: format!(
                "the file's columns {:?} are not those of an observation frame",
                schema.iter_names().collect::<Vec<_>>()
            ),
        });
    }
    let mut frame = expected.clear();
    for batch in read::FileReader::new(input, metadata, None, None) {
        frame.vstack_mut_owned(DataFrame::from(batch?))?;
    }
    Ok(frame)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{missing, value};
    use vergleich_domain::MissingReason;

    #[test]
    fn a_frame_written_and_read_back_is_the_same_frame() {
        let rows = vec![
            value(1, "a", 2022, 1.5),
            missing(1, "b", 2022, MissingReason::Secret),
            value(2, "a", 2023, -2.0),
        ];
        let frame = crate::observations_frame(&rows).unwrap();
        // Two chunks, as a spliced state has.
        let mut chunked = frame.slice(0, 2);
        chunked.vstack_mut_owned(frame.slice(2, 1)).unwrap();
        let mut file = std::io::Cursor::new(Vec::new());
        write_frame(&chunked, &mut file).unwrap();
        file.set_position(0);
        let back = read_frame(file).unwrap();
        assert!(back.equals_missing(&frame));
        assert_eq!(back.schema(), frame.schema());
    }

    #[test]
    fn an_empty_frame_reads_back_empty() {
        let frame = crate::observations_frame(&[]).unwrap();
        let mut file = std::io::Cursor::new(Vec::new());
        write_frame(&frame, &mut file).unwrap();
        file.set_position(0);
        assert_eq!(read_frame(file).unwrap().height(), 0);
    }

    #[test]
    fn a_file_of_other_columns_is_refused() {
        let other = df!("municipality" => ["01001000"], "value" => [1.0]).unwrap();
        let mut file = std::io::Cursor::new(Vec::new());
        write_frame(&other, &mut file).unwrap();
        file.set_position(0);
        let err = read_frame(file).unwrap_err().to_string();
        assert!(err.contains("not those of an observation frame"), "{err}");
    }

    #[test]
    fn a_truncated_file_is_an_error() {
        let frame = crate::observations_frame(&[value(1, "a", 2022, 1.0)]).unwrap();
        let mut file = Vec::new();
        write_frame(&frame, &mut file).unwrap();
        file.truncate(file.len() / 2);
        assert!(read_frame(std::io::Cursor::new(file)).is_err());
    }
}
