/**
 * CSV import of a measuring-device vendor's day export (issue 17, intake 3): the help desk uploads
 * a file, it runs in the background on the instance that took it, chunk by chunk through
 * {@link jp.tsunagu.vitals.Vitals#recordAll}, and the staff watch its progress and read a report of
 * every row that could not be stored (row, column, what is wrong). A file imported again adds nothing.
 */
@NullMarked
package jp.tsunagu.vitals.imports;

import org.jspecify.annotations.NullMarked;
