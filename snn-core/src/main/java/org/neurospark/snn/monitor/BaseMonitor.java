package org.neurospark.snn.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurospark.snn.nn.HookHandle;
import org.neurospark.snn.nn.Module;

/**
 * Common part of the monitors (SpikingJelly {@code monitor.BaseMonitor}): hooks every module of {@code net} that is
 * an instance of one of the given classes (none given: every module of the net's own class), names them by their
 * dotted path ({@link #monitoredLayers()}), and keeps records in creation order. Call {@link #removeHooks()} when
 * done. Not thread-safe.
 */
public abstract class BaseMonitor {
  /** One recorded value: the layer it came from and the recorded array. */
  public static final class Entry {
    private final String layer;
    private final float[] value;

    Entry(String layer, float[] value) {
      this.layer = layer;
      this.value = value;
    }

    public String layer() {
      return layer;
    }

    public float[] value() {
      return value;
    }
  }

  private final List<String> monitoredLayers = new ArrayList<>();
  private final Map<Module, String> names = new LinkedHashMap<>();
  private final List<Entry> records = new ArrayList<>();
  private final List<HookHandle> hooks = new ArrayList<>();
  private boolean enabled = true;

  protected BaseMonitor(Module net, List<Class<? extends Module>> instances) {
    net.visit((name, m) -> {
      boolean match = instances == null || instances.isEmpty() ? m.getClass() == net.getClass()
          : instances.stream().anyMatch(c -> c.isInstance(m));
      if (match) {
        monitoredLayers.add(name);
        names.put(m, name);
      }
    });
    for (Module m : names.keySet()) {
      hooks.add(install(m));
    }
  }

  /** Installs this monitor's hook on {@code m}. */
  protected abstract HookHandle install(Module m);

  /** Records {@code value} for module {@code m} if enabled. */
  protected final void record(Module m, float[] value) {
    if (enabled && value != null) {
      records.add(new Entry(names.get(m), value));
    }
  }

  protected final boolean isEnableInternal() {
    return enabled;
  }

  /** Names of the hooked modules, e.g. ["1", "3"] or ["sn1", "sn2"]. */
  public List<String> monitoredLayers() {
    return Collections.unmodifiableList(monitoredLayers);
  }

  /** All records in creation order. */
  public List<Entry> records() {
    return Collections.unmodifiableList(records);
  }

  /** The i-th record. */
  public float[] get(int i) {
    return records.get(i).value();
  }

  /** The records of one layer, in order. */
  public List<float[]> get(String layer) {
    if (!monitoredLayers.contains(layer)) {
      throw new IllegalArgumentException("layer '" + layer + "' is not monitored; monitored: " + monitoredLayers);
    }
    List<float[]> out = new ArrayList<>();
    for (Entry e : records) {
      if (e.layer().equals(layer)) {
        out.add(e.value());
      }
    }
    return out;
  }

  public void clearRecordedData() {
    records.clear();
  }

  public void enable() {
    enabled = true;
  }

  public void disable() {
    enabled = false;
  }

  public boolean isEnable() {
    return enabled;
  }

  /** Removes every hook this monitor installed. */
  public void removeHooks() {
    for (HookHandle h : hooks) {
      h.remove();
    }
    hooks.clear();
  }
}
