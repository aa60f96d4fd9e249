/**
 * Monitors (SpikingJelly activation_based.monitor): record module outputs, inputs, attributes such as v_seq, and
 * gradients via hooks; firing-rate summaries.
 */
package org.neurospark.snn.monitor;
