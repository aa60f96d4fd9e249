package org.neurospark.snn.train;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.neurospark.snn.tensor.Backend;
import org.neurospark.snn.tensor.Storage;

/**
 * Finds every {@link Storage} reachable from root objects by following their fields (the ownership test of
 * {@link StepStorage}: a storage reachable from the model, optimizer, loss or encoder of a step is not released).
 *
 * <p>Followed: the fields of every object whose class is not a JDK class (the project's, the user's, lambdas'
 * captured values), arrays, {@link Collection}s, {@link Map}s (keys and values), {@link Optional} and
 * {@link AtomicReference}. Not followed: {@link Backend}s (devices and thread pools), the inside of storages,
 * other JDK objects. When a field cannot be read (a class of a named module that does not open it), the result
 * is marked {@link #complete() incomplete} and callers must not release anything on its basis.
 *
 * <p>Caches each class's field list; not thread-safe (one instance per {@link TrainStep}).
 */
final class ReachableStorages {
  private final Map<Class<?>, Field[]> fieldsByClass = new HashMap<>();
  private boolean complete;

  /** True when the last {@link #from} call could read every field it met. */
  boolean complete() {
    return complete;
  }

  /** The storages reachable from {@code roots} (identity set). */
  Set<Storage> from(Object... roots) {
    complete = true;
    Set<Storage> found = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object> todo = new ArrayDeque<>();
    for (Object r : roots) {
      if (r != null) {
        todo.push(r);
      }
    }
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (!seen.add(o)) {
        continue;
      }
      if (o instanceof Storage) {
        found.add((Storage) o);
        continue;
      }
      if (o instanceof Backend) {
        continue;
      }
      Class<?> c = o.getClass();
      if (c.isArray()) {
        if (!c.getComponentType().isPrimitive()) {
          for (Object e : (Object[]) o) {
            push(todo, e);
          }
        }
        continue;
      }
      if (o instanceof Collection && jdk(c)) {
        for (Object e : ((Collection<?>) o).toArray()) {
          push(todo, e);
        }
        continue;
      }
      if (o instanceof Map && jdk(c)) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
          push(todo, e.getKey());
          push(todo, e.getValue());
        }
        continue;
      }
      if (o instanceof Optional) {
        push(todo, ((Optional<?>) o).orElse(null));
        continue;
      }
      if (o instanceof AtomicReference) {
        push(todo, ((AtomicReference<?>) o).get());
        continue;
      }
      if (jdk(c)) {
        continue;
      }
      for (Field f : fields(c)) {
        try {
          push(todo, f.get(o));
        } catch (IllegalAccessException e) {
          complete = false;
        }
      }
    }
    return found;
  }

  private static void push(ArrayDeque<Object> todo, Object o) {
    if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
        || o instanceof Enum || o instanceof Class) {
      return;
    }
    todo.push(o);
  }

  private static boolean jdk(Class<?> c) {
    String n = c.getName();
    return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
        || n.startsWith("com.sun.");
  }

  private Field[] fields(Class<?> c) {
    Field[] cached = fieldsByClass.get(c);
    if (cached != null) {
      return cached;
    }
    List<Field> out = new ArrayList<>();
    for (Class<?> k = c; k != null && !jdk(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          out.add(f);
        } catch (RuntimeException e) { // InaccessibleObjectException, SecurityException
          complete = false;
          return new Field[0]; // not cached: every walk that meets the class stays incomplete
        }
      }
    }
    Field[] a = out.toArray(new Field[0]);
    fieldsByClass.put(c, a);
    return a;
  }
}
