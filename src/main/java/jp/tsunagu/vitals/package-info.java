/**
 * Vitals: blood pressure, pulse, body weight, body fat, body temperature, SpO2 and daily steps,
 * measured at the community exchange area and seen at home. Each measurement is an HL7 FHIR R4
 * Observation (vital-signs profile, LOINC code, UCUM unit) on {@code /fhir}; it comes from a
 * measuring station, the help desk or a vendor's CSV export, once per resident, device, kind and time. A
 * partner reads a resident's vitals only with their recorded consent, and every such read is
 * audited. A new measurement goes on the resident's timeline ({@code VITALS_TAKEN}); one outside the
 * thresholds is announced as {@link jp.tsunagu.vitals.VitalOutOfRange}.
 */
@NullMarked
package jp.tsunagu.vitals;

import org.jspecify.annotations.NullMarked;
