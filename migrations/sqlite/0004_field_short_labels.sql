-- One-word labels of the fields for narrow places (heat-map columns); empty means use the label.
ALTER TABLE fields ADD COLUMN short_de TEXT NOT NULL DEFAULT '';
ALTER TABLE fields ADD COLUMN short_en TEXT NOT NULL DEFAULT '';
